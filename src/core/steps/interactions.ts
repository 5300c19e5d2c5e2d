/**
 * Interactions: new number columns made from pairs of chosen number columns — products, ratios,
 * and the degree-2 polynomial (squares and products). The originals stay; the new columns are
 * appended at the end in a fixed order. A missing input gives a missing result.
 */
import type { OnnxGraph } from '../export/onnx/graph';
import { scalar } from './numeric';
import { registerStep } from './registry';
import type { OnnxEnv, Work, WorkSchema } from './types';
import { appendSchema, numColumn } from './util';

/** One new column: `a op b`. */
interface Term {
  name: string;
  a: string;
  b: string;
  op: 'mul' | 'div';
}

/** a / b, or 0 when b is 0 (so a dense model never sees an infinity); NaN in gives NaN. */
export function safeRatio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Every pair i < j of the columns, in order: (0,1), (0,2), …, (1,2), … */
function pairs(columns: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < columns.length; i++) for (let j = i + 1; j < columns.length; j++) out.push([columns[i]!, columns[j]!]);
  return out;
}

export function productTerms(columns: readonly string[]): Term[] {
  return pairs(columns).map(([a, b]) => ({ name: `${a}*${b}`, a, b, op: 'mul' }));
}

export function ratioTerms(columns: readonly string[]): Term[] {
  return pairs(columns).map(([a, b]) => ({ name: `${a}/${b}`, a, b, op: 'div' }));
}

/** scikit-learn's PolynomialFeatures(2) order without the originals: a^2, a*b, a*c, b^2, b*c, c^2. */
export function poly2Terms(columns: readonly string[]): Term[] {
  const out: Term[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i; j < columns.length; j++) {
      const a = columns[i]!;
      const b = columns[j]!;
      out.push({ name: i === j ? `${a}^2` : `${a}*${b}`, a, b, op: 'mul' });
    }
  }
  return out;
}

function termsSchema(input: WorkSchema, terms: readonly Term[]): WorkSchema {
  return appendSchema(input, [], terms.map((t) => [t.name, 'num'] as const));
}

function checkTerms(work: Work, columns: readonly string[], terms: readonly Term[]): Record<string, never> {
  if (new Set(columns).size !== columns.length) throw new Error('Choose each column only once.');
  for (const c of columns) numColumn(work, c);
  const names = new Set<string>();
  for (const t of terms) {
    if (work.has(t.name) || names.has(t.name)) throw new Error(`A column named ${t.name} already exists.`);
    names.add(t.name);
  }
  return {};
}

function termsTransform(work: Work, terms: readonly Term[]): Work {
  const out = new Map(work);
  for (const t of terms) {
    const a = numColumn(work, t.a).values;
    const b = numColumn(work, t.b).values;
    const values = new Float64Array(a.length);
    if (t.op === 'mul') for (let i = 0; i < a.length; i++) values[i] = a[i]! * b[i]!;
    else for (let i = 0; i < a.length; i++) values[i] = safeRatio(a[i]!, b[i]!);
    out.set(t.name, { type: 'num', values });
  }
  return out;
}

function termsOnnx(g: OnnxGraph, env: OnnxEnv, terms: readonly Term[]): void {
  const added: [string, string][] = [];
  for (const t of terms) {
    const a = env.get(t.a)!.value;
    const b = env.get(t.b)!.value;
    let v: string;
    if (t.op === 'mul') {
      v = g.op('Mul', [a, b]);
    } else {
      const zero = scalar(g, 'zero', 0);
      v = g.op('Where', [g.op('Equal', [b, zero]), zero, g.op('Div', [a, b])]);
    }
    added.push([t.name, v]);
  }
  for (const [name, value] of added) env.set(name, { value, type: 'num', width: 1 });
}

function validatePairs(_p: unknown, columns: readonly string[]): void {
  if (columns.length < 2) throw new Error('Choose at least two number columns.');
}

/** A step that appends the terms `termsOf(columns)` computes. */
function termStep(kind: string, label: string, description: string, termsOf: (columns: readonly string[]) => Term[], pairs: boolean) {
  return registerStep<Record<string, never>, Record<string, never>>({
    kind, version: 1, label, description,
    group: 'interact',
    accepts: 'num',
    ...(pairs ? { minColumns: 2, validate: validatePairs } : {}),
    defaults: {},
    paramsInfo: [],
    schema: (input, columns) => termsSchema(input, termsOf(columns)),
    fit: (work, columns) => checkTerms(work, columns, termsOf(columns)),
    transform: (work, columns) => termsTransform(work, termsOf(columns)),
    onnx: (g, env, columns) => termsOnnx(g, env, termsOf(columns)),
  });
}

export const productInteractions = termStep('interact.product', 'Multiply pairs of columns',
  'Adds a column "a*b" with the product of each pair of the chosen number columns, at the end of the table; the originals are kept. A missing value in either column gives a missing product.',
  productTerms, true);

export const ratioInteractions = termStep('interact.ratio', 'Divide pairs of columns',
  'Adds a column "a/b" for each pair of the chosen number columns, each earlier-chosen column divided by each later one (choose them in the order you want), at the end of the table; the originals are kept. Where the divisor is 0 the ratio is 0 (not infinite); a missing value in either column gives a missing ratio.',
  ratioTerms, true);

export const poly2Interactions = termStep('interact.poly2', 'Squares and pairwise products (degree 2)',
  'Adds the degree-2 polynomial terms of the chosen number columns at the end of the table: each column squared ("a^2") and each pair multiplied ("a*b"); the originals are kept. Lets a linear model fit curves and interactions (one column alone gives just its square). A missing input gives a missing term.',
  poly2Terms, false);
