/**
 * A small arithmetic expression language for computed columns, parsed by hand (recursive
 * descent; never `eval` or `Function`). Grammar, loosest binding first:
 *
 *   expression := sum [ ('<' | '<=' | '>' | '>=' | '==' | '!=') sum ]
 *   sum        := product { ('+' | '-') product }
 *   product    := unary { ('*' | '/') unary }
 *   unary      := ('-' | '+') unary | power
 *   power      := primary [ ('^' | '**') unary ]          (right-associative: 2^3^2 = 2^9; -x^2 = -(x^2))
 *   primary    := number | column | function '(' expression { ',' expression } ')' | '(' expression ')'
 *   column     := bare name (letters, digits, _ and ., not starting with a digit) | `any name` | "any name" | 'any name'
 *
 * Functions (case-insensitive): log, log1p, exp, sqrt, abs, round, floor, ceil (1 argument),
 * min, max (2 or more), if(condition, then, else). A quoted name doubles its quote to include it.
 * Errors are {@link ExpressionError}s naming the 1-based character position.
 */

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | CompareOp;
export type FunctionName = 'log' | 'log1p' | 'exp' | 'sqrt' | 'abs' | 'round' | 'floor' | 'ceil' | 'min' | 'max' | 'if';

/** The parsed expression tree; `pos` is the 1-based character where the node starts. */
export type Expr =
  | { t: 'num'; value: number; pos: number }
  | { t: 'col'; name: string; pos: number }
  | { t: 'neg'; arg: Expr; pos: number }
  | { t: 'bin'; op: BinaryOp; a: Expr; b: Expr; pos: number }
  | { t: 'call'; fn: FunctionName; args: Expr[]; pos: number };

/** Arity of each function: [min, max] arguments. */
export const FUNCTIONS: Readonly<Record<FunctionName, readonly [number, number]>> = {
  log: [1, 1], log1p: [1, 1], exp: [1, 1], sqrt: [1, 1], abs: [1, 1], round: [1, 1], floor: [1, 1], ceil: [1, 1],
  min: [2, Infinity], max: [2, Infinity], if: [3, 3],
};

/** A syntax error in an expression, at a 1-based character position. */
export class ExpressionError extends Error {
  readonly kind = 'expression';
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type TokenType = 'num' | 'name' | 'quoted' | 'op' | '(' | ')' | ',' | 'end';
interface Token {
  type: TokenType;
  /** The source text of the token. */
  text: string;
  /** Numbers: the value; names: the column or function name (quotes removed). */
  value: string;
  /** 1-based position of the first character. */
  pos: number;
}

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[\p{L}_][\p{L}\p{N}_.]*/uy;
const OPERATORS = ['**', '<=', '>=', '==', '!=', '+', '-', '*', '/', '^', '<', '>'];
const MAX_DEPTH = 200;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    const pos = i + 1;
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num) {
      tokens.push({ type: 'num', text: num[0], value: num[0], pos });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(src);
    if (name) {
      tokens.push({ type: 'name', text: name[0], value: name[0], pos });
      i += name[0].length;
      continue;
    }
    if (ch === '`' || ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= src.length) throw new ExpressionError(`unclosed ${ch} at character ${pos}`, pos);
        if (src[j] === ch) {
          if (src[j + 1] === ch) { value += ch; j += 2; continue; }
          break;
        }
        value += src[j];
        j++;
      }
      if (value === '') throw new ExpressionError(`empty column name at character ${pos}`, pos);
      tokens.push({ type: 'quoted', text: src.slice(i, j + 1), value, pos });
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch, text: ch, value: ch, pos });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op, value: op === '**' ? '^' : op, pos });
      i += op.length;
      continue;
    }
    throw new ExpressionError(`unexpected \`${String.fromCodePoint(src.codePointAt(i)!)}\` at character ${pos}`, pos);
  }
  tokens.push({ type: 'end', text: '', value: '', pos: src.length + 1 });
  return tokens;
}

class Parser {
  private k = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private get peek(): Token {
    return this.tokens[this.k]!;
  }

  private next(): Token {
    return this.tokens[this.k++]!;
  }

  private unexpected(t: Token): never {
    if (t.type === 'end') throw new ExpressionError(`unexpected end of the expression at character ${t.pos}`, t.pos);
    throw new ExpressionError(`unexpected \`${t.text}\` at character ${t.pos}`, t.pos);
  }

  private at(type: TokenType): boolean {
    return this.peek.type === type;
  }

  private isOp(...ops: string[]): boolean {
    return this.at('op') && ops.includes(this.peek.value);
  }

  parse(): Expr {
    const e = this.expression();
    if (!this.at('end')) this.unexpected(this.peek);
    return e;
  }

  private expression(): Expr {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError(`the expression nests too deeply at character ${this.peek.pos}`, this.peek.pos);
    const a = this.sum();
    let e = a;
    if (this.isOp('<', '<=', '>', '>=', '==', '!=')) {
      const op = this.next();
      e = { t: 'bin', op: op.value as CompareOp, a, b: this.sum(), pos: op.pos };
      // a < b < c reads ambiguously; ask for parentheses instead of guessing.
      if (this.isOp('<', '<=', '>', '>=', '==', '!=')) this.unexpected(this.peek);
    }
    this.depth--;
    return e;
  }

  private sum(): Expr {
    let e = this.product();
    while (this.isOp('+', '-')) {
      const op = this.next();
      e = { t: 'bin', op: op.value as '+' | '-', a: e, b: this.product(), pos: op.pos };
    }
    return e;
  }

  private product(): Expr {
    let e = this.unary();
    while (this.isOp('*', '/')) {
      const op = this.next();
      e = { t: 'bin', op: op.value as '*' | '/', a: e, b: this.unary(), pos: op.pos };
    }
    return e;
  }

  private unary(): Expr {
    if (this.isOp('-', '+')) {
      if (++this.depth > MAX_DEPTH) throw new ExpressionError(`the expression nests too deeply at character ${this.peek.pos}`, this.peek.pos);
      const op = this.next();
      const arg = this.unary();
      this.depth--;
      return op.value === '-' ? { t: 'neg', arg, pos: op.pos } : arg;
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    const op = this.next();
    return { t: 'bin', op: '^', a: base, b: this.unary(), pos: op.pos };
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'num': {
        const value = Number(t.value);
        if (!Number.isFinite(value)) throw new ExpressionError(`the number ${t.text} at character ${t.pos} is too large`, t.pos);
        return { t: 'num', value, pos: t.pos };
      }
      case 'quoted':
        return { t: 'col', name: t.value, pos: t.pos };
      case 'name': {
        if (!this.at('(')) return { t: 'col', name: t.value, pos: t.pos };
        const fn = t.value.toLowerCase();
        if (!Object.hasOwn(FUNCTIONS, fn)) throw new ExpressionError(`unknown function \`${t.value}\` at character ${t.pos}`, t.pos);
        this.next();
        const args: Expr[] = [];
        if (!this.at(')')) {
          args.push(this.expression());
          while (this.at(',')) {
            this.next();
            args.push(this.expression());
          }
        }
        if (!this.at(')')) this.unexpected(this.peek);
        this.next();
        const [lo, hi] = FUNCTIONS[fn as FunctionName];
        if (args.length < lo || args.length > hi) {
          const want = lo === hi ? `${lo} argument${lo === 1 ? '' : 's'}` : `at least ${lo} arguments`;
          throw new ExpressionError(`${fn} takes ${want}, not ${args.length} (at character ${t.pos})`, t.pos);
        }
        return { t: 'call', fn: fn as FunctionName, args, pos: t.pos };
      }
      case '(': {
        const e = this.expression();
        if (!this.at(')')) this.unexpected(this.peek);
        this.next();
        return e;
      }
      default:
        return this.unexpected(t);
    }
  }
}

/** Parses an expression; throws an {@link ExpressionError} naming the position of the problem. */
export function parseExpression(src: string): Expr {
  if (src.trim() === '') throw new ExpressionError('the expression is empty', 1);
  return new Parser(tokenize(src)).parse();
}

/** The column names an expression uses, in order of first use, without repeats. */
export function referencedColumns(e: Expr): string[] {
  const out = new Set<string>();
  const walk = (x: Expr): void => {
    switch (x.t) {
      case 'col': out.add(x.name); break;
      case 'neg': walk(x.arg); break;
      case 'bin': walk(x.a); walk(x.b); break;
      case 'call': x.args.forEach(walk); break;
      case 'num': break;
    }
  };
  walk(e);
  return [...out];
}
