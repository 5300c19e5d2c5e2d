/**
 * The preparation steps of the linear pipeline: median and most-frequent imputation,
 * one-hot encoding and standard scaling.
 */
import { attr } from '../export/onnx/graph';
import { registerStep } from './registry';
import { MISSING } from './types';
import { appendSchema, codeColumn, numColumn, numbersInPlace, replace, sameSchema } from './util';

/** Median of the non-missing values; 0 when there are none. */
export function median(values: Float64Array): number {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  if (v.length === 0) return 0;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

export const imputeMedian = registerStep<Record<string, never>, { fill: number[] }>({
  kind: 'impute.median',
  version: 1,
  label: 'Fill missing numbers with the median',
  description: 'Replaces missing values in number columns with the median of the training rows.',
  group: 'impute',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit: (work, columns) => ({ fill: columns.map((c) => median(numColumn(work, c).values)) }),
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const fill = state.fill[j]!;
      const values = numColumn(work, c).values.map((x) => (Number.isNaN(x) ? fill : x));
      return [c, { type: 'num', values }];
    })),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const isNan = g.op('IsNaN', [col.value]);
      const fill = g.constant(`${c}_median`, { elem: 'double', dims: [], values: [state.fill[j]!] });
      env.set(c, { ...col, value: g.op('Where', [isNan, fill, col.value]) });
    });
  },
});

export const imputeMostFrequent = registerStep<Record<string, never>, { fill: number[] }>({
  kind: 'impute.most_frequent',
  version: 1,
  label: 'Fill missing categories with the most frequent',
  description: 'Replaces missing values in category columns with the most frequent category of the training rows.',
  group: 'impute',
  accepts: 'code',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit: (work, columns) => ({
    fill: columns.map((c) => {
      const col = codeColumn(work, c);
      const counts = new Float64Array(col.levels.length);
      for (const code of col.codes) if (code >= 0) counts[code]!++;
      let best = 0;
      for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
      return col.levels.length ? best : MISSING;
    }),
  }),
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const col = codeColumn(work, c);
      const fill = state.fill[j]!;
      return [c, { type: 'code', levels: col.levels, codes: col.codes.map((x) => (x === MISSING ? fill : x)) }];
    })),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const missing = g.constant('missing_code', { elem: 'int64', dims: [], values: [MISSING] });
      const isMissing = g.op('Equal', [col.value, missing]);
      const fill = g.constant(`${c}_mode`, { elem: 'int64', dims: [], values: [state.fill[j]!] });
      env.set(c, { ...col, value: g.op('Where', [isMissing, fill, col.value]) });
    });
  },
});

export const oneHot = registerStep<{ maxLevels: number }, { keep: number[][]; levels: string[][] }>({
  kind: 'encode.onehot',
  version: 2,
  label: 'One-hot encode',
  description: 'Turns each category into its own 0/1 column. Missing, unseen and (beyond the most frequent `maxLevels`) rare categories get all zeros.',
  group: 'encode',
  accepts: 'code',
  defaults: { maxLevels: 100 },
  paramsInfo: [{ name: 'maxLevels', label: 'Most frequent categories kept', type: 'integer', min: 1, max: 1000 }],
  schema: (input, columns, _p, state) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c, j) => appendSchema(acc, [c], state.levels[j]!.map((l) => [oneHotName(c, l), 'num'] as const)), input),
  fit: (work, columns, params) => {
    const keep: number[][] = [];
    const levels: string[][] = [];
    for (const c of columns) {
      const col = codeColumn(work, c);
      let kept = col.levels.map((_, i) => i);
      if (kept.length > params.maxLevels) {
        const counts = new Float64Array(col.levels.length);
        for (const code of col.codes) if (code >= 0) counts[code]!++;
        kept = kept.sort((a, b) => counts[b]! - counts[a]! || a - b).slice(0, params.maxLevels).sort((a, b) => a - b);
      }
      keep.push(kept);
      levels.push(kept.map((i) => col.levels[i]!));
    }
    return { keep, levels };
  },
  transform(work, columns, _p, state) {
    const out = new Map(work);
    columns.forEach((c, j) => {
      const col = codeColumn(work, c);
      const keep = state.keep[j]!;
      out.delete(c);
      const n = col.codes.length;
      keep.forEach((code, k) => {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) if (col.codes[i] === code) values[i] = 1;
        out.set(oneHotName(c, state.levels[j]![k]!), { type: 'num', values });
      });
    });
    return out;
  },
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const keep = state.keep[j]!;
      const codes = g.constant(`${c}_levels`, { elem: 'int64', dims: [1, keep.length], values: keep });
      const eq = g.op('Equal', [col.value, codes]);
      const onehot = g.op('Cast', [eq], { to: attr.int(11) });
      env.delete(c);
      env.set(c, { value: onehot, type: 'num', width: keep.length });
    });
  },
});

/** The feature name of one one-hot column. */
export function oneHotName(column: string, level: string): string {
  return `${column}=${level}`;
}

export const standardScale = registerStep<Record<string, never>, { mean: number[]; scale: number[] }>({
  kind: 'scale.standard',
  version: 1,
  label: 'Standardize',
  description: 'Centres each number column on its training mean and divides by its standard deviation.',
  group: 'scale',
  accepts: 'num',
  defaults: {},
  paramsInfo: [],
  schema: sameSchema,
  fit(work, columns) {
    const mean: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const v = numColumn(work, c).values;
      let n = 0;
      let m = 0;
      let m2 = 0;
      for (const x of v) {
        if (Number.isNaN(x)) continue;
        n++;
        const d = x - m;
        m += d / n;
        m2 += d * (x - m);
      }
      const sd = n > 0 ? Math.sqrt(m2 / n) : 0;
      mean.push(m);
      scale.push(sd > 0 ? sd : 1);
    }
    return { mean, scale };
  },
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const m = state.mean[j]!;
      const s = state.scale[j]!;
      return [c, { type: 'num', values: numColumn(work, c).values.map((x) => (x - m) / s) }];
    })),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const m = g.constant(`${c}_mean`, { elem: 'double', dims: [], values: [state.mean[j]!] });
      const s = g.constant(`${c}_scale`, { elem: 'double', dims: [], values: [state.scale[j]!] });
      env.set(c, { ...col, value: g.op('Div', [g.op('Sub', [col.value, m]), s]) });
    });
  },
});

export const ordinal = registerStep<Record<string, never>, { levels: number[] }>({
  kind: 'encode.ordinal',
  version: 1,
  label: 'Category codes',
  description: 'Replaces each category by its position in the sorted training categories; missing and unseen categories become missing. For tree models, which split on the codes natively.',
  group: 'encode',
  accepts: 'code',
  defaults: {},
  paramsInfo: [],
  schema: (input, columns) => numbersInPlace(input, columns),
  fit: (work, columns) => ({ levels: columns.map((c) => codeColumn(work, c).levels.length) }),
  transform: (work, columns, _p, state) =>
    replace(work, columns.map((c, j) => {
      const col = codeColumn(work, c);
      const values = Float64Array.from(col.codes, (x) => (x >= 0 ? x : Number.NaN));
      return [c, { type: 'num', values, levels: state.levels[j]! }];
    })),
  onnx(g, env, columns) {
    columns.forEach((c) => {
      const col = env.get(c)!;
      const zero = g.constant('zero_code', { elem: 'int64', dims: [], values: [0] });
      const nan = g.constant('nan', { elem: 'double', dims: [], values: [Number.NaN] });
      const negative = g.op('Less', [col.value, zero]);
      const asDouble = g.op('Cast', [col.value], { to: attr.int(11) });
      env.set(c, { value: g.op('Where', [negative, nan, asDouble]), type: 'num', width: 1 });
    });
  },
});
