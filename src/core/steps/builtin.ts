/**
 * The preparation steps of the linear pipeline: median and most-frequent imputation,
 * one-hot encoding and standard scaling.
 */
import { attr } from '../export/onnx/graph';
import { registerStep } from './registry';
import { MISSING } from './types';
import { appendSchema, codeColumn, meanScale, median, numColumn, numbersInPlace, replace, sameSchema } from './util';

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

/** How one-hot encoding treats missing values: all zeros, counted as "other", or a column of their own. */
export type OneHotMissing = 'zeros' | 'other' | 'column';

export type OneHotParams = {
  maxLevels: number;
  /** A count (≥ 1) or a share of the training rows (< 1); categories seen less often go to "other". 0 = no minimum. */
  minFrequency: number;
  missing: OneHotMissing;
};

/**
 * Version 3 state. `keep`/`levels`: the codes and names of the categories with a column of their
 * own (version 2 stored only these: its rare, missing and unseen categories give all zeros).
 * `other`: the name of the "other" column (rare and unseen categories), null when there is none.
 * `missing`: the name of the column a missing value sets to 1 (the "other" column or a column of
 * its own), null for all zeros.
 */
export type OneHotState = {
  keep: number[][];
  levels: string[][];
  other?: (string | null)[];
  missing?: (string | null)[];
};

/** A name `<column>=<label>` not already taken by a category column (extra parentheses until free). */
function freeName(column: string, label: string, taken: ReadonlySet<string>): string {
  let l = label;
  while (taken.has(oneHotName(column, l))) l = `(${l})`;
  return oneHotName(column, l);
}

/** The output columns of column j, in order: its categories, then "other", then "missing". */
function oneHotNames(column: string, state: OneHotState, j: number): string[] {
  const names = state.levels[j]!.map((l) => oneHotName(column, l));
  const other = state.other?.[j] ?? null;
  const missing = state.missing?.[j] ?? null;
  if (other !== null) names.push(other);
  if (missing !== null && missing !== other) names.push(missing);
  return names;
}

/**
 * For column j, the output slot (index into its output columns, −1 = none) of each input code,
 * at index code + 2: [unseen, missing, level 0, level 1, ...].
 */
function oneHotSlots(state: OneHotState, j: number, nLevels: number): number[] {
  const keep = state.keep[j]!;
  const names = oneHotNames('', state, j);
  const other = state.other?.[j] ?? null;
  const missing = state.missing?.[j] ?? null;
  const otherSlot = other === null ? -1 : keep.length;
  const missingSlot = missing === null ? -1 : missing === other ? otherSlot : names.length - 1;
  const slots = new Array<number>(nLevels + 2).fill(otherSlot);
  slots[1] = missingSlot;
  keep.forEach((code, k) => { slots[code + 2] = k; });
  return slots;
}

export const oneHot = registerStep<OneHotParams, OneHotState>({
  kind: 'encode.onehot',
  version: 3,
  label: 'One-hot encode',
  description: 'Turns each category into its own 0/1 column. Rare categories (beyond the most frequent `maxLevels`, or seen in fewer training rows than `minFrequency`) share one "other" column, which also takes categories never seen in training; without rare categories, unseen ones get all zeros. Missing values get all zeros, or count as "other", or get a column of their own.',
  group: 'encode',
  accepts: 'code',
  defaults: { maxLevels: 100, minFrequency: 0, missing: 'zeros' },
  paramsInfo: [
    { name: 'maxLevels', label: 'Most frequent categories kept', type: 'integer', min: 1, max: 1000, help: 'The rarer categories beyond this many share one "other" column.' },
    { name: 'minFrequency', label: 'Fewest rows for a column of its own', type: 'number', min: 0, help: 'Categories seen in fewer training rows go to "other". Below 1 it is a share of the rows (0.01 = 1 %); 0 = no minimum.' },
    { name: 'missing', label: 'Missing values', type: 'choice', choices: ['zeros', 'other', 'column'], help: 'zeros: all columns 0; other: counted in the "other" column (made even without rare categories); column: a "missing" column of their own.' },
  ],
  validate(params) {
    if (!(Number.isInteger(params.maxLevels) && params.maxLevels >= 1)) throw new Error('Most frequent categories kept must be a whole number of at least 1.');
    if (!(typeof params.minFrequency === 'number' && params.minFrequency >= 0)) throw new Error('Fewest rows for a column of its own must be a number ≥ 0.');
    if (!['zeros', 'other', 'column'].includes(params.missing)) throw new Error('Missing values must be zeros, other or column.');
  },
  schema: (input, columns, _p, state) =>
    columns.reduce<ReturnType<typeof appendSchema>>(
      (acc, c, j) => appendSchema(acc, [c], oneHotNames(c, state, j).map((name) => [name, 'num'] as const)), input),
  fit: (work, columns, params) => {
    const state: Required<OneHotState> = { keep: [], levels: [], other: [], missing: [] };
    const missingMode = params.missing ?? 'zeros';
    for (const c of columns) {
      const col = codeColumn(work, c);
      const n = col.codes.length;
      const counts = new Float64Array(col.levels.length);
      for (const code of col.codes) if (code >= 0) counts[code]!++;
      const minF = params.minFrequency ?? 0;
      const frequent = (i: number) => (minF >= 1 ? counts[i]! >= minF : counts[i]! >= minF * n);
      let kept = col.levels.map((_, i) => i).filter(frequent);
      if (kept.length > params.maxLevels) {
        kept = kept.sort((a, b) => counts[b]! - counts[a]! || a - b).slice(0, params.maxLevels).sort((a, b) => a - b);
      }
      const levels = kept.map((i) => col.levels[i]!);
      const taken = new Set(levels.map((l) => oneHotName(c, l)));
      const rare = kept.length < col.levels.length;
      const other = rare || missingMode === 'other' ? freeName(c, 'other', taken) : null;
      if (other !== null) taken.add(other);
      state.keep.push(kept);
      state.levels.push(levels);
      state.other.push(other);
      state.missing.push(missingMode === 'other' ? other : missingMode === 'column' ? freeName(c, 'missing', taken) : null);
    }
    return state;
  },
  transform(work, columns, _p, state) {
    const out = new Map(work);
    columns.forEach((c, j) => {
      const col = codeColumn(work, c);
      const names = oneHotNames(c, state, j);
      const slots = oneHotSlots(state, j, col.levels.length);
      const n = col.codes.length;
      const values = names.map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const s = slots[col.codes[i]! + 2] ?? -1;
        if (s >= 0) values[s]![i] = 1;
      }
      out.delete(c);
      names.forEach((name, k) => out.set(name, { type: 'num', values: values[k]! }));
    });
    return out;
  },
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => {
      const col = env.get(c)!;
      const width = oneHotNames(c, state, j).length;
      env.delete(c);
      if (width === 0) return;
      // Each code's output slot from a table indexed by code + 2 (−2 unseen, −1 missing), then
      // slot == 0..width−1 gives the 0/1 columns.
      // The table ends one past the last kept code: codes above it are rare ("other") and are
      // clipped to that last entry.
      const slots = oneHotSlots(state, j, Math.max(-1, ...state.keep[j]!) + 2);
      const table = g.constant(`${c}_onehot_slots`, { elem: 'int64', dims: [slots.length], values: slots });
      const two = g.constant('two_code', { elem: 'int64', dims: [], values: [2] });
      const last = g.constant('last_slot', { elem: 'int64', dims: [], values: [slots.length - 1] });
      const index = g.op('Min', [g.op('Add', [col.value, two]), last]);
      const slot = g.op('Gather', [table, index], { axis: attr.int(0) });
      const range = g.constant(`${c}_onehot_range`, { elem: 'int64', dims: [1, width], values: Array.from({ length: width }, (_, k) => k) });
      const onehot = g.op('Cast', [g.op('Equal', [slot, range])], { to: attr.int(11) });
      env.set(c, { value: onehot, type: 'num', width });
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
    const stats = columns.map((c) => meanScale(numColumn(work, c).values));
    return { mean: stats.map((s) => s.mean), scale: stats.map((s) => s.scale) };
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
