/**
 * Category encodings into one number column each, in place: a user-set order, the share of
 * training rows (frequency) and smoothed target means fitted out of fold (target encoding).
 * (`encode.onehot` and the trees' native `encode.ordinal` live in ./builtin.)
 *
 * In ONNX each is one Gather from a constant table indexed by code + 2, the table holding
 * [value for unseen, value for missing, value of category 0, 1, ...].
 */
import { kFold } from '../evaluate/split';
import { attr, type OnnxGraph } from '../export/onnx/graph';
import { registerStep } from './registry';
import { UNSEEN, type CodeWork, type OnnxEnv, type Work, type WorkColumn } from './types';
import { codeColumn, numbersInPlace, replace } from './util';

/** The value of each code of `col` from a table [unseen, missing, level 0, level 1, ...]. */
function lookup(col: CodeWork, table: readonly number[]): Float64Array {
  return Float64Array.from(col.codes, (code) => table[code + 2]!);
}

/** Replaces each of `columns` by its codes looked up in its table. */
function applyTables(work: Work, columns: readonly string[], tables: readonly (readonly number[])[]): Work {
  return replace(work, columns.map((c, j): [string, WorkColumn] => [c, { type: 'num', values: lookup(codeColumn(work, c), tables[j]!) }]));
}

/** ONNX: replaces the code column `c` by Gather(table, code + 2), a double [N, 1]. */
function gatherTable(g: OnnxGraph, env: OnnxEnv, c: string, table: readonly number[], hint: string): void {
  const col = env.get(c)!;
  const values = g.constant(`${c}_${hint}`, { elem: 'double', dims: [table.length], values: table });
  const two = g.constant('two_code', { elem: 'int64', dims: [], values: [2] });
  const value = g.op('Gather', [values, g.op('Add', [col.value, two])], { axis: attr.int(0) });
  env.set(c, { value, type: 'num', width: 1 });
}

/** JSON has no NaN: tables store null for it. */
type Cell = number | null;
const fromCell = (x: Cell | undefined): number => (x === null || x === undefined ? Number.NaN : x);

// ---------------------------------------------------------------------------------------------

export type OrdinalCustomParams = {
  order: string[];
};

export const ordinalCustom = registerStep<OrdinalCustomParams, { tables: Cell[][]; unlisted: string[][] }>({
  kind: 'encode.ordinal_custom',
  version: 1,
  label: 'Categories in a set order',
  description: 'Replaces each category by its position in an order you give (first = 0, next = 1, ...), e.g. low, medium, high. The same order applies to every chosen column (several survey answers on one scale); add one step per scale. Missing values, categories not in the order and categories never seen in training become missing.',
  group: 'encode',
  accepts: 'code',
  defaults: { order: [] },
  paramsInfo: [
    { name: 'order', label: 'Categories from lowest to highest', type: 'strings', help: 'Each category exactly as it appears in the data. Categories left out become missing.' },
  ],
  validate(params) {
    if (!Array.isArray(params.order) || params.order.length === 0) throw new Error('List the categories from lowest to highest.');
    if (params.order.some((s) => typeof s !== 'string')) throw new Error('The order must be a list of category names.');
    const dup = params.order.find((s, i) => params.order.indexOf(s) !== i);
    if (dup !== undefined) throw new Error(`The order lists ${dup} twice.`);
  },
  schema: (input, columns) => numbersInPlace(input, columns),
  fit(work, columns, params) {
    const position = new Map(params.order.map((s, i) => [s, i]));
    const tables: Cell[][] = [];
    const unlisted: string[][] = [];
    for (const c of columns) {
      const col = codeColumn(work, c);
      tables.push([null, null, ...col.levels.map((l) => position.get(l) ?? null)]);
      unlisted.push(col.levels.filter((l) => !position.has(l)));
    }
    return { tables, unlisted };
  },
  transform: (work, columns, _p, state) => applyTables(work, columns, state.tables.map((t) => t.map(fromCell))),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => gatherTable(g, env, c, state.tables[j]!.map(fromCell), 'order'));
  },
});

// ---------------------------------------------------------------------------------------------

export const frequencyEncode = registerStep<Record<string, never>, { tables: number[][] }>({
  kind: 'encode.frequency',
  version: 1,
  label: 'Category frequency',
  description: 'Replaces each category by the share of training rows that have it (0 to 1). Missing values get the share of training rows that were missing; categories never seen in training get 0.',
  group: 'encode',
  accepts: 'code',
  defaults: {},
  paramsInfo: [],
  schema: (input, columns) => numbersInPlace(input, columns),
  fit(work, columns) {
    return {
      tables: columns.map((c) => {
        const col = codeColumn(work, c);
        const n = col.codes.length;
        const counts = new Float64Array(col.levels.length + 2);
        for (const code of col.codes) counts[code + 2]!++;
        counts[UNSEEN + 2] = 0;
        return Array.from(counts, (k) => (n > 0 ? k / n : 0));
      }),
    };
  },
  transform: (work, columns, _p, state) => applyTables(work, columns, state.tables),
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => gatherTable(g, env, c, state.tables[j]!, 'frequency'));
  },
});

// ---------------------------------------------------------------------------------------------

export type TargetEncodeParams = {
  /** m-estimate: a category's mean is pulled toward the overall mean as if it had m more rows at that mean. */
  smoothing: number;
  /** Inner folds for the training rows' out-of-fold values. */
  folds: number;
};

/**
 * Smoothed means from the target `y` of the rows `use` (all when null): per column a table
 * [prior (unseen), prior (missing), mean of level 0, ...], mean_l = (Σy_l + m·prior) / (n_l + m).
 */
function targetTables(cols: readonly CodeWork[], y: Float64Array, use: Uint8Array | null, m: number): number[][] {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) if ((!use || use[i]) && !Number.isNaN(y[i]!)) { sum += y[i]!; n++; }
  const prior = n > 0 ? sum / n : 0;
  return cols.map((col) => {
    const s = new Float64Array(col.levels.length);
    const k = new Float64Array(col.levels.length);
    for (let i = 0; i < y.length; i++) {
      const code = col.codes[i]!;
      if (code >= 0 && (!use || use[i]) && !Number.isNaN(y[i]!)) { s[code]! += y[i]!; k[code]!++; }
    }
    return [prior, prior, ...Array.from(s, (si, l) => (k[l]! + m > 0 ? (si + m * prior) / (k[l]! + m) : prior))];
  });
}

export const targetEncode = registerStep<TargetEncodeParams, { prior: number; tables: number[][] }>({
  kind: 'encode.target',
  version: 1,
  label: 'Target encoding',
  description: 'Replaces each category by the mean target of its training rows (two-class targets: the share of the second class; number targets: the mean), pulled toward the overall mean for rare categories. Training rows get values computed without their own fold of rows (inner folds), so the model never sees a row\'s own target; new rows use all training rows. Missing and unseen categories get the overall mean. Two-class and number targets only.',
  group: 'encode',
  accepts: 'code',
  needsTarget: true,
  defaults: { smoothing: 10, folds: 5 },
  paramsInfo: [
    { name: 'smoothing', label: 'Smoothing (rows)', type: 'number', min: 0, help: 'A category\'s mean counts as if it had this many extra rows at the overall mean; larger = rare categories stay closer to the overall mean.' },
    { name: 'folds', label: 'Inner folds for training rows', type: 'integer', min: 2, max: 20, help: 'Training rows are split into this many parts; each part is encoded from the other parts only.' },
  ],
  validate(params) {
    if (!(typeof params.smoothing === 'number' && params.smoothing >= 0)) throw new Error('Smoothing must be a number ≥ 0.');
    if (!(Number.isInteger(params.folds) && params.folds >= 2)) throw new Error('Inner folds must be a whole number of at least 2.');
  },
  schema: (input, columns) => numbersInPlace(input, columns),
  fit(work, columns, params, ctx) {
    if (!ctx.target) throw new Error('Target encoding needs a target column.');
    if (ctx.task === 'multiclass') throw new Error('Target encoding handles two-class and number targets only; for more classes use one-hot or frequency encoding.');
    const tables = targetTables(columns.map((c) => codeColumn(work, c)), ctx.target, null, params.smoothing);
    return { prior: tables[0]?.[0] ?? 0, tables };
  },
  transform: (work, columns, _p, state) => applyTables(work, columns, state.tables),
  trainTransform(work, columns, params, state, ctx) {
    const y = ctx.target;
    const cols = columns.map((c) => codeColumn(work, c));
    const n = y?.length ?? 0;
    const k = Math.min(params.folds, n);
    if (!y || k < 2) return applyTables(work, columns, state.tables);
    const fold = kFold(n, k, ctx.seed);
    const out = cols.map(() => new Float64Array(n));
    const use = new Uint8Array(n);
    for (let f = 0; f < k; f++) {
      for (let i = 0; i < n; i++) use[i] = fold[i] === f ? 0 : 1;
      const tables = targetTables(cols, y, use, params.smoothing);
      cols.forEach((col, j) => {
        const t = tables[j]!;
        for (let i = 0; i < n; i++) if (fold[i] === f) out[j]![i] = t[col.codes[i]! + 2]!;
      });
    }
    return replace(work, columns.map((c, j): [string, WorkColumn] => [c, { type: 'num', values: out[j]! }]));
  },
  onnx(g, env, columns, _p, state) {
    columns.forEach((c, j) => gatherTable(g, env, c, state.tables[j]!, 'target_means'));
  },
});
