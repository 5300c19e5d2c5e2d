/**
 * Binning: equal-width, quantile (equal-count) and user-given edges. A value's bin is the number
 * of inner edges at or below it — sum over edges of (x >= edge) — so a value on an edge goes to
 * the upper bin, values beyond the training range land in the first or last bin, and the ONNX
 * graph (GreaterOrEqual + ReduceSum) compares exactly as the app does.
 */
import { attr, type OnnxGraph } from '../export/onnx/graph';
import { scalar, toDouble } from './numeric';
import { registerStep } from './registry';
import type { Json, OnnxEnv, StepDef, Work, WorkSchema } from './types';
import { appendSchema, numColumn, numbersInPlace, quantileSorted, replace, sortedPresent } from './util';

export type BinOutput = 'index' | 'onehot';
const OUTPUTS: readonly BinOutput[] = ['index', 'onehot'];

/** Bin state: the inner edges of each column, increasing (k edges = k + 1 bins). */
export type BinState = { edges: number[][] };

/** The bin index of x: how many inner edges are ≤ x; NaN stays NaN. */
export function binIndex(x: number, edges: readonly number[]): number {
  if (Number.isNaN(x)) return Number.NaN;
  let k = 0;
  for (const e of edges) if (x >= e) k++;
  return k;
}

/** The name of one one-hot bin column. */
export function binName(column: string, bin: number): string {
  return `${column}_bin${bin}`;
}

function binSchema(input: WorkSchema, columns: readonly string[], output: BinOutput, state: BinState): WorkSchema {
  if (output === 'index') return numbersInPlace(input, columns);
  return columns.reduce<WorkSchema>(
    (acc, c, j) => appendSchema(acc, [c], state.edges[j]!.concat(Number.NaN).map((_, k) => [binName(c, k), 'num'] as const)), input);
}

function binTransform(work: Work, columns: readonly string[], output: BinOutput, state: BinState): Work {
  if (output === 'index') {
    return replace(work, columns.map((c, j) => [c, { type: 'num', values: numColumn(work, c).values.map((x) => binIndex(x, state.edges[j]!)) }]));
  }
  const out = new Map(work);
  columns.forEach((c, j) => {
    const edges = state.edges[j]!;
    const values = numColumn(work, c).values;
    out.delete(c);
    for (let k = 0; k <= edges.length; k++) {
      out.set(binName(c, k), { type: 'num', values: values.map((x) => (binIndex(x, edges) === k ? 1 : 0)) });
    }
  });
  return out;
}

function binOnnx(g: OnnxGraph, env: OnnxEnv, columns: readonly string[], output: BinOutput, state: BinState): void {
  columns.forEach((c, j) => {
    const x = env.get(c)!.value;
    const edges = state.edges[j]!;
    let count: string;
    if (edges.length === 0) {
      count = scalar(g, 'zero', 0);
    } else {
      const e = g.constant(`${c}_edges`, { elem: 'double', dims: [1, edges.length], values: edges });
      const axes = g.constant('axis_1', { elem: 'int64', dims: [1], values: [1] });
      count = g.op('ReduceSum', [toDouble(g, g.op('GreaterOrEqual', [x, e])), axes], { keepdims: attr.int(1) });
    }
    const index = g.op('Where', [g.op('IsNaN', [x]), scalar(g, 'nan', Number.NaN), count]);
    if (output === 'index') {
      env.set(c, { value: index, type: 'num', width: 1 });
      return;
    }
    const bins = g.constant(`${c}_bins`, { elem: 'double', dims: [1, edges.length + 1], values: edges.concat(0).map((_, k) => k) });
    env.delete(c);
    env.set(c, { value: toDouble(g, g.op('Equal', [index, bins])), type: 'num', width: edges.length + 1 });
  });
}

/** Throws when one-hot bin columns would overwrite existing columns. */
function checkNames(work: Work, columns: readonly string[], output: BinOutput, state: BinState): void {
  if (output !== 'onehot') return;
  const removed = new Set(columns);
  columns.forEach((c, j) => {
    for (let k = 0; k <= state.edges[j]!.length; k++) {
      const name = binName(c, k);
      if (work.has(name) && !removed.has(name)) throw new Error(`A column named ${name} already exists.`);
    }
  });
}

const outputInfo = {
  name: 'output', label: 'Output', type: 'choice', choices: OUTPUTS,
  help: 'index: the column is replaced by its bin number 0, 1, 2, … (missing stays missing), used by models as a number. onehot: one 0/1 column per bin instead (all 0 for missing).',
} as const;

function validateBins(bins: number, output: string): void {
  if (!Number.isInteger(bins) || bins < 2 || bins > 100) throw new Error('The number of bins must be a whole number from 2 to 100.');
  if (!OUTPUTS.includes(output as BinOutput)) throw new Error(`Output must be one of ${OUTPUTS.join(', ')}.`);
}

type BinParams = { bins: number; output: BinOutput };

/** The parts of a binning step that do not depend on how the edges are chosen. */
function binStep<P extends Json & { output: BinOutput }>(fitEdges: (values: Float64Array, params: P) => number[]): Pick<StepDef<P, BinState>, 'schema' | 'fit' | 'transform' | 'onnx' | 'group' | 'accepts' | 'version'> {
  return {
    version: 1,
    group: 'bin',
    accepts: 'num',
    schema: (input, columns, params, state) => binSchema(input, columns, params.output, state),
    fit(work, columns, params) {
      const state = { edges: columns.map((c) => fitEdges(numColumn(work, c).values, params)) };
      checkNames(work, columns, params.output, state);
      return state;
    },
    transform: (work, columns, params, state) => binTransform(work, columns, params.output, state),
    onnx: (g, env, columns, params, state) => binOnnx(g, env, columns, params.output, state),
  };
}

/** Equal-width inner edges between the training minimum and maximum (none for a constant column). */
export function equalWidthEdges(values: Float64Array, bins: number): number[] {
  const v = sortedPresent(values);
  if (v.length === 0) return [];
  const lo = v[0]!;
  const hi = v[v.length - 1]!;
  if (!(hi > lo)) return [];
  const width = (hi - lo) / bins;
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) edges.push(lo + width * i);
  return edges;
}

/**
 * Inner edges at the training quantiles i/bins (numpy's linear interpolation); an edge equal to
 * the minimum or to the previous edge is dropped, so heavily tied columns get fewer bins.
 */
export function quantileEdges(values: Float64Array, bins: number): number[] {
  const v = sortedPresent(values);
  if (v.length === 0) return [];
  const edges: number[] = [];
  let last = v[0]!;
  for (let i = 1; i < bins; i++) {
    const q = quantileSorted(v, i / bins);
    if (q > last) { edges.push(q); last = q; }
  }
  return edges;
}

const binsInfo = { name: 'bins', label: 'Number of bins', type: 'integer', min: 2, max: 100 } as const;

export const equalWidthBins = registerStep<BinParams, BinState>({
  ...binStep<BinParams>((v, p) => equalWidthEdges(v, p.bins)),
  kind: 'bin.equal_width',
  label: 'Bin into equal-width ranges',
  description: 'Cuts the training range of each number column into k ranges of equal width and replaces each value by its range number 0…k-1 (trees and linear models read it as a number), or by one 0/1 column per range. Values outside the training range go to the first or last range; missing values stay missing (all 0 as columns).',
  defaults: { bins: 5, output: 'index' },
  paramsInfo: [binsInfo, outputInfo],
  validate: (p) => validateBins(p.bins, p.output),
});

export const quantileBins = registerStep<BinParams, BinState>({
  ...binStep<BinParams>((v, p) => quantileEdges(v, p.bins)),
  kind: 'bin.quantile',
  label: 'Bin into equal-count groups (quantiles)',
  description: 'Cuts each number column at its training quantiles into k groups holding about the same number of rows (fewer groups when many values tie) and replaces each value by its group number 0…k-1 (trees and linear models read it as a number), or by one 0/1 column per group. Missing values stay missing (all 0 as columns).',
  defaults: { bins: 5, output: 'index' },
  paramsInfo: [binsInfo, outputInfo],
  validate: (p) => validateBins(p.bins, p.output),
});

type CustomParams = { edges: number[]; output: BinOutput };

/** The user's edges, sorted, without repeats. */
export function customEdges(edges: readonly number[]): number[] {
  return [...new Set(edges)].sort((a, b) => a - b);
}

export const customBins = registerStep<CustomParams, BinState>({
  ...binStep<CustomParams>((_v, p) => customEdges(p.edges)),
  kind: 'bin.custom',
  label: 'Bin at your own cut points',
  description: 'Cuts each number column at the cut points you give (n cut points make n+1 bins; a value equal to a cut point goes to the upper bin) and replaces each value by its bin number 0…n (trees and linear models read it as a number), or by one 0/1 column per bin. Missing values stay missing (all 0 as columns).',
  defaults: { edges: [0], output: 'index' },
  paramsInfo: [
    { name: 'edges', label: 'Cut points', type: 'numbers', help: 'The values where one bin ends and the next begins, e.g. 18, 35, 65.' },
    outputInfo,
  ],
  validate(p) {
    if (!Array.isArray(p.edges) || p.edges.length === 0) throw new Error('Give at least one cut point.');
    for (const e of p.edges) if (typeof e !== 'number' || !Number.isFinite(e)) throw new Error(`The cut point ${String(e)} is not a number.`);
    if (!OUTPUTS.includes(p.output)) throw new Error(`Output must be one of ${OUTPUTS.join(', ')}.`);
  },
});
