import { describe, expect, it } from 'vitest';
import { ExpressionError, parseExpression, referencedColumns } from './expression';
import { evaluateExpression } from './compute';
import type { NumWork, Work } from './types';

/** Evaluates an expression on one row of made-up columns (x = 2, y = 3, "a b" = 10). */
function value(src: string): number {
  const all: Record<string, number> = { x: 2, y: 3, 'a b': 10, 'it\'s': 7, 'log': 5 };
  const w: Work = new Map(Object.entries(all).map(([k, v]) => [k, { type: 'num', values: Float64Array.of(v) } as NumWork]));
  return evaluateExpression(parseExpression(src), w)[0]!;
}

function error(src: string): string {
  try {
    parseExpression(src);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return (e as Error).message;
  }
  throw new Error(`${src} parsed`);
}

describe('expression parser', () => {
  it('follows the usual precedence and associativity', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('10 - 4 - 3')).toBe(3);
    expect(value('8 / 4 / 2')).toBe(1);
    expect(value('2 ^ 3 ^ 2')).toBe(512);
    expect(value('2 ** 3')).toBe(8);
    expect(value('-2 ^ 2')).toBe(-4);
    expect(value('2 ^ -1')).toBe(0.5);
    expect(value('--x')).toBe(2);
    expect(value('+x - -y')).toBe(5);
    expect(value('x * y ^ 2 + 1')).toBe(19);
    expect(value('1 + 2 > 2')).toBe(1);
    expect(value('(x > 1) + (x >= 2) + (x < 2) + (x <= 1) + (x == 2) + (x != 2)')).toBe(3);
    expect(value('1.5e1 + .5 + 2.')).toBe(17.5);
  });

  it('reads bare, backticked and quoted column names; a name followed by ( is a function', () => {
    expect(value('`a b` / x')).toBe(5);
    expect(value('"a b" + \'a b\'')).toBe(20);
    expect(value('`it\'s` + \'it\'\'s\'')).toBe(14);
    expect(value('log * 2 + `log`')).toBe(15);
    expect(value('LOG(1)')).toBe(0);
    expect(referencedColumns(parseExpression('x + `a b` * x - max(y, "a b")'))).toEqual(['x', 'a b', 'y']);
    expect(referencedColumns(parseExpression('1 + 2'))).toEqual([]);
  });

  it('names the position of a syntax error', () => {
    expect(error('(x + y) * 2))')).toBe('unexpected `)` at character 12');
    expect(error('x + )')).toBe('unexpected `)` at character 5');
    expect(error('log(x')).toBe('unexpected end of the expression at character 6');
    expect(error('x +')).toBe('unexpected end of the expression at character 4');
    expect(error('x $ y')).toBe('unexpected `$` at character 3');
    expect(error('1 2')).toBe('unexpected `2` at character 3');
    expect(error('2x')).toBe('unexpected `x` at character 2');
    expect(error('a < b < c')).toBe('unexpected `<` at character 7');
    expect(error('x + `a b')).toBe('unclosed ` at character 5');
    expect(error('foo(x)')).toBe('unknown function `foo` at character 1');
    expect(error('y + min(x)')).toBe('min takes at least 2 arguments, not 1 (at character 5)');
    expect(error('if(x, 1)')).toBe('if takes 3 arguments, not 2 (at character 1)');
    expect(error('sqrt()')).toBe('sqrt takes 1 argument, not 0 (at character 1)');
    expect(error('   ')).toBe('the expression is empty');
    expect(error('x = 1')).toBe('unexpected `=` at character 3');
    expect(error('1e999 + x')).toBe('the number 1e999 at character 1 is too large');
    expect(error('``')).toBe('empty column name at character 1');
    expect(error('('.repeat(500) + 'x' + ')'.repeat(500))).toMatch(/nests too deeply/);
    expect((() => { try { parseExpression('x + )'); } catch (e) { return (e as ExpressionError).position; } return 0; })()).toBe(5);
  });
});
