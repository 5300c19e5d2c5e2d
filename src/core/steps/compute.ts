/**
 * A computed column: a user's arithmetic expression over number columns (./expression),
 * evaluated per row in float64 and exported as the same tree of ONNX ops.
 *
 * Semantics, identical in the app and in ONNX:
 * - a row with a missing value in any column the expression uses gets a missing result;
 * - division by zero gives missing; so does a result that is infinite (overflow, log(0));
 * - log, sqrt of negative numbers and a negative base to a fractional power give missing (NaN);
 * - comparisons give 1 or 0; if(c, a, b) is a when c ≠ 0, b when c = 0, missing when c is NaN;
 * - min/max of a NaN is NaN; round halves to the even neighbour (ONNX Round); a^b follows C's pow.
 */
import type { OnnxGraph } from '../export/onnx/graph';
import { parseExpression, referencedColumns, type Expr } from './expression';
import { cpow, log1pExact, log1pOnnx, scalar, toDouble } from './numeric';
import { registerStep } from './registry';
import type { OnnxEnv, Work } from './types';
import { appendSchema, numColumn, workRows } from './util';

/** Round half to even, as ONNX Round. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

const UNARY: Record<string, (x: number) => number> = {
  log: Math.log, log1p: log1pExact, exp: Math.exp, sqrt: Math.sqrt, abs: Math.abs, round: roundHalfEven, floor: Math.floor, ceil: Math.ceil,
};
const UNARY_ONNX: Record<string, string> = { log: 'Log', exp: 'Exp', sqrt: 'Sqrt', abs: 'Abs', round: 'Round', floor: 'Floor', ceil: 'Ceil' };

const BINARY: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? Number.NaN : a / b),
  '^': cpow,
  '<': (a, b) => (a < b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
};
const COMPARE_ONNX: Record<string, string> = { '<': 'Less', '<=': 'LessOrEqual', '>': 'Greater', '>=': 'GreaterOrEqual', '==': 'Equal' };
const ARITH_ONNX: Record<string, string> = { '+': 'Add', '-': 'Sub', '*': 'Mul', '^': 'Pow' };

/** min/max keeping NaN from either side (Where-based in ONNX, independent of the runtime's Min/Max). */
const pickMin = (a: number, b: number): number => (Number.isNaN(b) ? b : b < a ? b : a);
const pickMax = (a: number, b: number): number => (Number.isNaN(b) ? b : b > a ? b : a);

function map1(a: Float64Array, f: (x: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!);
  return out;
}

function map2(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  return out;
}

/** The expression's raw value for every row (before the missing/infinite rule). */
function evaluate(e: Expr, cols: ReadonlyMap<string, Float64Array>, n: number): Float64Array {
  switch (e.t) {
    case 'num': return new Float64Array(n).fill(e.value);
    case 'col': return cols.get(e.name)!;
    case 'neg': return map1(evaluate(e.arg, cols, n), (x) => -x);
    case 'bin': return map2(evaluate(e.a, cols, n), evaluate(e.b, cols, n), BINARY[e.op]!);
    case 'call': {
      const args = e.args.map((a) => evaluate(a, cols, n));
      if (e.fn === 'min' || e.fn === 'max') return args.slice(1).reduce((acc, b) => map2(acc, b, e.fn === 'min' ? pickMin : pickMax), args[0]!);
      if (e.fn === 'if') {
        const [c, a, b] = args as [Float64Array, Float64Array, Float64Array];
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = Number.isNaN(c[i]!) ? Number.NaN : c[i] === 0 ? b[i]! : a[i]!;
        return out;
      }
      return map1(args[0]!, UNARY[e.fn]!);
    }
  }
}

/** The expression's value for every row of `work`, with the missing/infinite rule applied. */
export function evaluateExpression(e: Expr, work: Work): Float64Array {
  const names = referencedColumns(e);
  const cols = new Map(names.map((c) => [c, numColumn(work, c).values]));
  const n = workRows(work);
  const raw = evaluate(e, cols, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let missing = !Number.isFinite(raw[i]!);
    for (const v of cols.values()) if (Number.isNaN(v[i]!)) missing = true;
    out[i] = missing ? Number.NaN : raw[i]!;
  }
  return out;
}

function emit(g: OnnxGraph, e: Expr, env: OnnxEnv): string {
  switch (e.t) {
    case 'num': return scalar(g, 'const', e.value);
    case 'col': return env.get(e.name)!.value;
    case 'neg': return g.op('Neg', [emit(g, e.arg, env)]);
    case 'bin': {
      const a = emit(g, e.a, env);
      const b = emit(g, e.b, env);
      if (e.op === '/') return g.op('Where', [g.op('Equal', [b, scalar(g, 'zero', 0)]), scalar(g, 'nan', Number.NaN), g.op('Div', [a, b])]);
      if (e.op === '!=') return toDouble(g, g.op('Not', [g.op('Equal', [a, b])]));
      if (COMPARE_ONNX[e.op]) return toDouble(g, g.op(COMPARE_ONNX[e.op]!, [a, b]));
      return g.op(ARITH_ONNX[e.op]!, [a, b]);
    }
    case 'call': {
      const args = e.args.map((a) => emit(g, a, env));
      if (e.fn === 'min' || e.fn === 'max') {
        const cmp = e.fn === 'min' ? 'Less' : 'Greater';
        return args.slice(1).reduce((acc, b) => g.op('Where', [g.op('IsNaN', [b]), b, g.op('Where', [g.op(cmp, [b, acc]), b, acc])]), args[0]!);
      }
      if (e.fn === 'if') {
        const [c, a, b] = args as [string, string, string];
        const chosen = g.op('Where', [g.op('Equal', [c, scalar(g, 'zero', 0)]), b, a]);
        return g.op('Where', [g.op('IsNaN', [c]), scalar(g, 'nan', Number.NaN), chosen]);
      }
      if (e.fn === 'log1p') return log1pOnnx(g, args[0]!);
      return g.op(UNARY_ONNX[e.fn]!, [args[0]!]);
    }
  }
}

/** The ONNX nodes of {@link evaluateExpression}: a double [N, 1] value. */
export function expressionOnnx(g: OnnxGraph, e: Expr, env: OnnxEnv): string {
  const raw = emit(g, e, env);
  let bad = g.op('IsInf', [raw]);
  for (const c of referencedColumns(e)) bad = g.op('Or', [bad, g.op('IsNaN', [env.get(c)!.value])]);
  return g.op('Where', [bad, scalar(g, 'nan', Number.NaN), raw]);
}

type ComputeParams = { name: string; expression: string };

/** Parses and checks the params against the step's columns; returns the tree. */
function checked(params: ComputeParams, columns: readonly string[]): Expr {
  if (typeof params.name !== 'string' || params.name.trim() === '') throw new Error('Give the new column a name.');
  const e = parseExpression(params.expression);
  const used = referencedColumns(e);
  if (used.length === 0) throw new Error('The expression must use at least one column.');
  const chosen = new Set(columns);
  for (const c of used) if (!chosen.has(c)) throw new Error(`The expression uses ${c}, which is not among the step's columns.`);
  const usedSet = new Set(used);
  for (const c of columns) if (!usedSet.has(c)) throw new Error(`The expression does not use column ${c}.`);
  return e;
}

export const computeExpression = registerStep<ComputeParams, Record<string, never>>({
  kind: 'compute.expression',
  version: 1,
  label: 'New column from a formula',
  description: 'Adds a number column computed from other number columns with a formula such as `log(price) - log(area)` or if(age >= 65, 1, 0): + - * / ^, comparisons (giving 1 or 0), log, log1p, exp, sqrt, abs, round, floor, ceil, min, max and if(condition, then, else); names with spaces go in backticks. The result is missing when a column it uses is missing, on division by zero, and when it is not a finite number. Nothing is learned from the data.',
  group: 'compute',
  accepts: 'num',
  defaults: { name: 'new_column', expression: '' },
  paramsInfo: [
    { name: 'name', label: 'New column name', type: 'string' },
    { name: 'expression', label: 'Formula', type: 'string', help: 'For example: (income - debt) / max(income, 1). Column names with spaces go in `backticks`.' },
  ],
  validate: (params, columns) => { checked(params, columns); },
  schema: (input, _columns, params) => appendSchema(input, [], [[params.name, 'num']]),
  fit(work, columns, params) {
    checked(params, columns);
    for (const c of columns) numColumn(work, c);
    if (work.has(params.name)) throw new Error(`A column named ${params.name} already exists.`);
    return {};
  },
  transform(work, columns, params) {
    const out = new Map(work);
    out.set(params.name, { type: 'num', values: evaluateExpression(checked(params, columns), work) });
    return out;
  },
  onnx(g, env, columns, params) {
    env.set(params.name, { value: expressionOnnx(g, checked(params, columns), env), type: 'num', width: 1 });
  },
});
