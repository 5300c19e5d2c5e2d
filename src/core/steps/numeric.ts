/**
 * Number steps: imputation (mean, a constant, a constant category, missing-value indicators) and
 * scaling (min–max, robust, signed log, Yeo-Johnson). Every in-app formula is written as the same
 * sequence of float64 operations its ONNX nodes perform, so the exported model gives the same
 * numbers (up to the last bit of the runtime's log/pow/exp).
 */
import { attr, type OnnxGraph } from '../export/onnx/graph';
import { meanScale, median } from './util';
import { registerStep } from './registry';
import { MISSING } from './types';
import type { OnnxEnv, Work } from './types';
import { appendSchema, codeColumn, numColumn, quantileSorted, replace, sameSchema, sortedPresent } from './util';

/** A double scalar initializer. */
export function scalar(g: OnnxGraph, hint: string, v: number): string {
  return g.constant(hint, { elem: 'double', dims: [], values: [v] });
}

/** Cast to double (ONNX TensorProto.DOUBLE = 11). */
export function toDouble(g: OnnxGraph, v: string): string {
  return g.op('Cast', [v], { to: attr.int(11) });
}

/**
 * log(1 + a), accurate for small |a|, computed as the exported graph computes it (ONNX has no
 * Log1p): Kahan's u = 1 + a; a when u - 1 = 0, else log(u) · (a / (u - 1)); log(u) when u is
 * infinite. NaN stays NaN, a < -1 gives NaN, a = -1 gives -Infinity.
 */
export function log1pExact(a: number): number {
  const u = 1 + a;
  const d = u - 1;
  if (d === 0) return a;
  const l = Math.log(u);
  if (u === Infinity || u === -Infinity) return l;
  return l * (a / d);
}

/** The ONNX nodes of {@link log1pExact}. */
export function log1pOnnx(g: OnnxGraph, a: string): string {
  const one = scalar(g, 'one', 1);
  const zero = scalar(g, 'zero', 0);
  const u = g.op('Add', [a, one]);
  const d = g.op('Sub', [u, one]);
  const l = g.op('Log', [u]);
  const kahan = g.op('Mul', [l, g.op('Div', [a, d])]);
  const big = g.op('Where', [g.op('IsInf', [u]), l, kahan]);
  return g.op('Where', [g.op('Equal', [d, zero]), a, big]);
}

/**
 * a^b as C's pow (and so ONNX Pow in onnxruntime) defines it, which differs from JavaScript's
 * Math.pow in two places: pow(1, anything) = 1 and pow(-1, ±Infinity) = 1 (JavaScript gives NaN).
 */
export function cpow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** Replaces each of `columns` by f(values) in the work table. */
function mapColumns(work: Work, columns: readonly string[], f: (values: Float64Array, j: number) => Float64Array): Work {
  return replace(work, columns.map((c, j) => [c, { type: 'num', values: f(numColumn(work, c).values, j) }]));
}

/** Replaces each of `columns` by its ONNX expression. */
function mapOnnx(env: OnnxEnv, columns: readonly string[], f: (value: string, c: string, j: number) => string): void {
  columns.forEach((c, j) => {
    const col = env.get(c)!;
    env.set(c, { ...col, value: f(col.value, c, j) });
  });
}

/** Mean of the non-missing values; 0 when there are none. */
export function mean(values: Float64Array): number {
  let n = 0;
  let s = 0;
  for (const x of values) if (!Number.isNaN(x)) { n++; s += x; }
  return n ? s / n : 0;
}

function fillMissing(work: Work, columns: readonly string[], fill: readonly number[]): Work {
  return mapColumns(work, columns, (v, j) => v.map((x) => (Number.isNaN(x) ? fill[j]! : x)));
}

function fillMissingOnnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], fill: readonly number[]): void {
  mapOnnx(env, columns, (v, c, j) => g.op('Where', [g.op('IsNaN', [v]), scalar(g, `${c}_fill`, fill[j]!), v]));
}

export const imputeMean = registerStep<Record<string, never>, { fill: number[] }>({
  kind: 'impute.mean',
  version: 1,
  label: 'Fill missing numbers with the mean',
  description: 'Replaces missing values in number columns with the average of the training rows (0 when a column has no values at all).',
  group: 'impute',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit: (work, columns) => ({ fill: columns.map((c) => mean(numColumn(work, c).values)) }),
  transform: (work, columns, _p, state) => fillMissing(work, columns, state.fill),
  onnx: (g, env, columns, _p, state) => fillMissingOnnx(g, env, columns, state.fill),
});

export const imputeConstant = registerStep<{ value: number }, Record<string, never>>({
  kind: 'impute.constant',
  version: 1,
  label: 'Fill missing numbers with a fixed value',
  description: 'Replaces missing values in number columns with a value you choose (0 by default). Other values are left as they are.',
  group: 'impute',
  accepts: 'num',
  defaults: { value: 0 },
  paramsInfo: [{ name: 'value', label: 'Value to fill in', type: 'number', help: 'Every missing value becomes this number.' }],
  validate(params) {
    if (typeof params.value !== 'number' || !Number.isFinite(params.value)) throw new Error('The fill value must be a number.');
  },
  schema: sameSchema,
  fit: () => ({}),
  transform: (work, columns, params) => fillMissing(work, columns, columns.map(() => params.value)),
  onnx: (g, env, columns, params) => fillMissingOnnx(g, env, columns, columns.map(() => params.value)),
});

export const imputeConstantCategory = registerStep<{ value: string }, { fill: number[]; levels: string[][] }>({
  kind: 'impute.constant_category',
  version: 1,
  label: 'Fill missing categories with a fixed label',
  description: 'Replaces missing values in category columns with a label you choose ("missing" by default), which becomes a category of its own (or joins the existing category of that name). Categories never seen in training stay unseen.',
  group: 'impute',
  accepts: 'code',
  defaults: { value: 'missing' },
  paramsInfo: [{ name: 'value', label: 'Label for missing values', type: 'string', help: 'Missing values get this category.' }],
  validate(params) {
    if (typeof params.value !== 'string' || params.value.trim() === '') throw new Error('The label for missing values must not be blank.');
  },
  schema: sameSchema,
  fit(work, columns, params) {
    const fill: number[] = [];
    const levels: string[][] = [];
    for (const c of columns) {
      const col = codeColumn(work, c);
      const at = col.levels.indexOf(params.value);
      fill.push(at >= 0 ? at : col.levels.length);
      levels.push(at >= 0 ? [...col.levels] : [...col.levels, params.value]);
    }
    return { fill, levels };
  },
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const col = codeColumn(work, c);
      const fill = state.fill[j]!;
      return [c, { type: 'code', levels: state.levels[j]!, codes: col.codes.map((x) => (x === MISSING ? fill : x)) }];
    })),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const missing = g.constant('missing_code', { elem: 'int64', dims: [], values: [MISSING] });
      const fill = g.constant(`${c}_fill`, { elem: 'int64', dims: [], values: [state.fill[j]!] });
      env.set(c, { ...col, value: g.op('Where', [g.op('Equal', [col.value, missing]), fill, col.value]) });
    });
  },
});

/** The name of a missing-value indicator column. */
export function indicatorName(column: string): string {
  return `${column}_missing`;
}

export const imputeIndicator = registerStep<Record<string, never>, Record<string, never>>({
  kind: 'impute.indicator',
  version: 1,
  label: 'Flag missing numbers',
  description: 'Adds a 0/1 column "<name>_missing" for each chosen number column (1 where the value is missing), at the end of the table. The original column is kept as it is, so add a fill step for it too.',
  group: 'impute',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: (input, columns) => appendSchema(input, [], columns.map((c) => [indicatorName(c), 'num'] as const)),
  fit(work, columns) {
    for (const c of columns) {
      numColumn(work, c);
      if (work.has(indicatorName(c))) throw new Error(`A column named ${indicatorName(c)} already exists.`);
    }
    return {};
  },
  transform(work, columns) {
    const out = new Map(work);
    for (const c of columns) {
      out.set(indicatorName(c), { type: 'num', values: numColumn(work, c).values.map((x) => (Number.isNaN(x) ? 1 : 0)) });
    }
    return out;
  },
  onnx(g, env, columns) {
    for (const c of columns) {
      env.set(indicatorName(c), { value: toDouble(g, g.op('IsNaN', [env.get(c)!.value])), type: 'num', width: 1 });
    }
  },
});

/** (x - shift) / scale per column, in the app and in ONNX. */
function affine(work: Work, columns: readonly string[], shift: readonly number[], scale: readonly number[]): Work {
  return mapColumns(work, columns, (v, j) => {
    const m = shift[j]!;
    const s = scale[j]!;
    return v.map((x) => (x - m) / s);
  });
}

function affineOnnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], shift: readonly number[], scale: readonly number[]): void {
  mapOnnx(env, columns, (v, c, j) =>
    g.op('Div', [g.op('Sub', [v, scalar(g, `${c}_shift`, shift[j]!)]), scalar(g, `${c}_scale`, scale[j]!)]));
}

export const minMaxScale = registerStep<Record<string, never>, { min: number[]; scale: number[] }>({
  kind: 'scale.minmax',
  version: 1,
  label: 'Scale to 0–1 (min–max)',
  description: 'Maps each number column so the smallest training value becomes 0 and the largest 1. Later values outside the training range fall below 0 or above 1; missing values stay missing. A constant column becomes 0.',
  group: 'scale',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit(work, columns) {
    const min: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const v = sortedPresent(numColumn(work, c).values);
      const lo = v.length ? v[0]! : 0;
      const range = v.length ? v[v.length - 1]! - lo : 0;
      min.push(lo);
      scale.push(range > 0 ? range : 1);
    }
    return { min, scale };
  },
  transform: (work, columns, _p, state) => affine(work, columns, state.min, state.scale),
  onnx: (g, env, columns, _p, state) => affineOnnx(g, env, columns, state.min, state.scale),
});

export const robustScale = registerStep<Record<string, never>, { median: number[]; scale: number[] }>({
  kind: 'scale.robust',
  version: 1,
  label: 'Robust scaling (median and IQR)',
  description: 'Centres each number column on its training median and divides by its interquartile range (75th minus 25th percentile), so a few extreme values do not squash the rest. Missing values stay missing; a column whose IQR is 0 is only centred.',
  group: 'scale',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit(work, columns) {
    const med: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const values = numColumn(work, c).values;
      const v = sortedPresent(values);
      const iqr = v.length ? quantileSorted(v, 0.75) - quantileSorted(v, 0.25) : 0;
      med.push(median(values));
      scale.push(iqr > 0 ? iqr : 1);
    }
    return { median: med, scale };
  },
  transform: (work, columns, _p, state) => affine(work, columns, state.median, state.scale),
  onnx: (g, env, columns, _p, state) => affineOnnx(g, env, columns, state.median, state.scale),
});

/** sign(x) · log(1 + |x|). */
export function signedLog1p(x: number): number {
  const l = log1pExact(Math.abs(x));
  return x < 0 ? -l : l;
}

export const log1pScale = registerStep<Record<string, never>, Record<string, never>>({
  kind: 'scale.log1p',
  version: 1,
  label: 'Log transform (log 1 + x)',
  description: 'Replaces each value x by log(1 + x), which pulls in long right tails. Negative values are mirrored: x < 0 becomes -log(1 + |x|), so the sign is kept and 0 stays 0. Missing values stay missing. Nothing is learned from the data.',
  group: 'scale',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit: () => ({}),
  transform: (work, columns) => mapColumns(work, columns, (v) => v.map(signedLog1p)),
  onnx(g, env, columns) {
    mapOnnx(env, columns, (v) => {
      const l = log1pOnnx(g, g.op('Abs', [v]));
      return g.op('Where', [g.op('Less', [v, scalar(g, 'zero', 0)]), g.op('Neg', [l]), l]);
    });
  },
});

// ---------------------------------------------------------------------------------------------
// Yeo-Johnson

/** scikit-learn's test for λ = 0 and λ = 2: |λ| < np.spacing(1.0). */
const LAMBDA_EPS = Number.EPSILON;

/**
 * The Yeo-Johnson transform of one value (scikit-learn's `_yeo_johnson_transform`), in the same
 * operation order as {@link yeoJohnsonOnnx}.
 */
export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return Math.abs(lambda) < LAMBDA_EPS ? log1pExact(x) : (cpow(x + 1, lambda) - 1) / lambda;
  const l2 = 2 - lambda;
  return Math.abs(lambda - 2) > LAMBDA_EPS ? -((cpow(-x + 1, l2) - 1) / l2) : -log1pExact(-x);
}

function yeoJohnsonOnnx(g: OnnxGraph, x: string, lambda: number, c: string): string {
  const one = scalar(g, 'one', 1);
  const pos = Math.abs(lambda) < LAMBDA_EPS
    ? log1pOnnx(g, x)
    : g.op('Div', [g.op('Sub', [g.op('Pow', [g.op('Add', [x, one]), scalar(g, `${c}_lambda`, lambda)]), one]), scalar(g, `${c}_lambda`, lambda)]);
  const negX = g.op('Neg', [x]);
  const l2 = 2 - lambda;
  const neg = Math.abs(lambda - 2) > LAMBDA_EPS
    ? g.op('Neg', [g.op('Div', [g.op('Sub', [g.op('Pow', [g.op('Add', [negX, one]), scalar(g, `${c}_2_minus_lambda`, l2)]), one]), scalar(g, `${c}_2_minus_lambda`, l2)])])
    : g.op('Neg', [log1pOnnx(g, negX)]);
  return g.op('Where', [g.op('GreaterOrEqual', [x, scalar(g, 'zero', 0)]), pos, neg]);
}

/** Population variance (numpy's `var`), two-pass. */
function variance(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  const m = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return ss / v.length;
}

/**
 * scipy.optimize.bracket (scipy 1.10): walks downhill from (xa, xb) until it holds a triple
 * xa, xb, xc with f(xb) below both ends.
 */
function bracket(f: (x: number) => number, xa0: number, xb0: number): { xa: number; xb: number; xc: number; fb: number } {
  const gold = 1.618034;
  const verySmall = 1e-21;
  const growLimit = 110;
  let xa = xa0;
  let xb = xb0;
  let fa = f(xa);
  let fb = f(xb);
  if (fa < fb) { [xa, xb] = [xb, xa]; [fa, fb] = [fb, fa]; }
  let xc = xb + gold * (xb - xa);
  let fc = f(xc);
  for (let iter = 0; fc < fb; iter++) {
    if (iter > 1000) throw new Error('Yeo-Johnson: the likelihood has no minimum to bracket.');
    const tmp1 = (xb - xa) * (fb - fc);
    const tmp2 = (xb - xc) * (fb - fa);
    const val = tmp2 - tmp1;
    const denom = Math.abs(val) < verySmall ? 2 * verySmall : 2 * val;
    let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const wlim = xb + growLimit * (xc - xb);
    let fw: number;
    if ((w - xc) * (xb - w) > 0) {
      fw = f(w);
      if (fw < fc) return { xa: xb, xb: w, xc, fb: fw };
      if (fw > fb) return { xa, xb, xc: w, fb };
      w = xc + gold * (xc - xb);
      fw = f(w);
    } else if ((w - wlim) * (wlim - xc) >= 0) {
      w = wlim;
      fw = f(w);
    } else if ((w - wlim) * (xc - w) > 0) {
      fw = f(w);
      if (fw < fc) {
        xb = xc; xc = w; w = xc + gold * (xc - xb);
        fb = fc; fc = fw; fw = f(w);
      }
    } else {
      w = xc + gold * (xc - xb);
      fw = f(w);
    }
    xa = xb; xb = xc; xc = w;
    fa = fb; fb = fc; fc = fw;
  }
  return { xa, xb, xc, fb };
}

/**
 * scipy.optimize.brent (scipy 1.10, tol 1.48e-8, 500 iterations) started from `bracket(f, a, b)`:
 * the minimiser scikit-learn's PowerTransformer uses, ported step for step so λ agrees.
 */
export function brentMinimize(f: (x: number) => number, a0: number, b0: number): number {
  const tol = 1.48e-8;
  const mintol = 1e-11;
  const cg = 0.381966;
  const br = bracket(f, a0, b0);
  let x = br.xb;
  let w = x;
  let v = x;
  let fx = br.fb;
  let fw = fx;
  let fv = fx;
  let a = Math.min(br.xa, br.xc);
  let b = Math.max(br.xa, br.xc);
  let deltax = 0;
  let rat = 0;
  for (let iter = 0; iter < 500; iter++) {
    const tol1 = tol * Math.abs(x) + mintol;
    const tol2 = 2 * tol1;
    const xmid = 0.5 * (a + b);
    if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
    if (Math.abs(deltax) <= tol1) {
      deltax = x >= xmid ? a - x : b - x;
      rat = cg * deltax;
    } else {
      const tmp1 = (x - w) * (fx - fv);
      let tmp2 = (x - v) * (fx - fw);
      let p = (x - v) * tmp2 - (x - w) * tmp1;
      tmp2 = 2 * (tmp2 - tmp1);
      if (tmp2 > 0) p = -p;
      tmp2 = Math.abs(tmp2);
      const dxTemp = deltax;
      deltax = rat;
      if (p > tmp2 * (a - x) && p < tmp2 * (b - x) && Math.abs(p) < Math.abs(0.5 * tmp2 * dxTemp)) {
        rat = p / tmp2;
        const u = x + rat;
        if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = cg * deltax;
      }
    }
    const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const fu = f(u);
    if (fu > fx) {
      if (u < x) a = u; else b = u;
      if (fu <= fw || w === x) { v = w; w = u; fv = fw; fw = fu; }
      else if (fu <= fv || v === x || v === w) { v = u; fv = fu; }
    } else {
      if (u >= x) a = x; else b = x;
      v = w; w = x; x = u;
      fv = fw; fw = fx; fx = fu;
    }
  }
  return x;
}

/** At most this many values enter the λ search. */
export const LAMBDA_SAMPLE = 100_000;

/**
 * The Yeo-Johnson λ that maximises the normal log-likelihood of the non-missing values
 * (scikit-learn's `PowerTransformer._yeo_johnson_optimize`; above {@link LAMBDA_SAMPLE} values, of
 * evenly spaced order statistics). 1 (the identity) when there are fewer than two distinct values.
 */
export function yeoJohnsonLambda(values: Float64Array): number {
  const all = sortedPresent(values);
  if (all.length < 2 || all[0] === all[all.length - 1]) return 1;
  // Each likelihood evaluation costs a pow per value and the search takes a few dozen: above
  // LAMBDA_SAMPLE values, search on evenly spaced order statistics (same distribution, same λ to
  // a few digits; exactly scikit-learn's λ below the cap).
  const m = Math.min(all.length, LAMBDA_SAMPLE);
  const x = m === all.length ? all : Float64Array.from({ length: m }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / m)]!);
  let logSum = 0;
  for (const v of x) logSum += Math.sign(v) * Math.log1p(Math.abs(v));
  const t = new Float64Array(x.length);
  const nll = (lambda: number): number => {
    for (let i = 0; i < x.length; i++) t[i] = yeoJohnson(x[i]!, lambda);
    const v = variance(t);
    if (!(v >= 2.2250738585072014e-308)) return Infinity;
    return -(-x.length / 2 * Math.log(v) + (lambda - 1) * logSum);
  };
  const lambda = brentMinimize(nll, -2, 2);
  return Number.isFinite(lambda) ? lambda : 1;
}

export const yeoJohnsonScale = registerStep<{ standardize: boolean }, { lambda: number[]; mean: number[]; scale: number[] }>({
  kind: 'scale.yeojohnson',
  version: 1,
  label: 'Make more normal (Yeo-Johnson)',
  description: 'A power transform fitted to each number column so its training values look as bell-shaped as possible (the λ of scikit-learn\'s PowerTransformer, by maximum likelihood); works with zeros and negative values. Then, by default, standardizes to mean 0 and standard deviation 1. Missing values stay missing.',
  group: 'scale',
  accepts: 'num',
  defaults: { standardize: true },
  paramsInfo: [{ name: 'standardize', label: 'Standardize afterwards', type: 'boolean', help: 'Centre on the mean and divide by the standard deviation after the transform.' }],
  schema: sameSchema,
  fit(work, columns, params) {
    const lambda: number[] = [];
    const mean: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const v = numColumn(work, c).values;
      const l = yeoJohnsonLambda(v);
      lambda.push(l);
      const ms = params.standardize ? meanScale(v.map((x) => yeoJohnson(x, l))) : { mean: 0, scale: 1 };
      mean.push(ms.mean);
      scale.push(ms.scale);
    }
    return { lambda, mean, scale };
  },
  transform: (work, columns, params, state) =>
    mapColumns(work, columns, (v, j) => {
      const l = state.lambda[j]!;
      const m = state.mean[j]!;
      const s = state.scale[j]!;
      return v.map((x) => (params.standardize ? (yeoJohnson(x, l) - m) / s : yeoJohnson(x, l)));
    }),
  onnx(g, env, columns, params, state) {
    mapOnnx(env, columns, (v, c, j) => {
      const y = yeoJohnsonOnnx(g, v, state.lambda[j]!, c);
      if (!params.standardize) return y;
      return g.op('Div', [g.op('Sub', [y, scalar(g, `${c}_mean`, state.mean[j]!)]), scalar(g, `${c}_scale`, state.scale[j]!)]);
    });
  },
});
