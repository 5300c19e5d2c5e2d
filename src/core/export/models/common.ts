/**
 * Small graph helpers shared by the per-family ONNX emitters (ai.onnx opset 17 forms: axes of
 * ReduceSum, Squeeze, Unsqueeze and the sizes of Split are inputs; ReduceMax still takes `axes`
 * as an attribute).
 *
 * Every emitter turns the prepared double [N, F] feature tensor into either double [N, K] class
 * probabilities (classification) or a double [N, 1] value (regression); model-onnx.ts adds the
 * outputs. Emitters reproduce the app's arithmetic order where it decides ties (sums over trees,
 * neighbours and naive Bayes columns are chains of Add in the app's order, not one ReduceSum).
 */
import type { FittedModel } from '../../evaluate/train';
import { attr, type OnnxGraph } from '../onnx/graph';

/** What an emitter returns: class probabilities [N, K] or a value [N, 1], both double. */
export type Emitted = { probs: string } | { value: string };

export type ModelEmitter = (g: OnnxGraph, features: string, model: FittedModel) => Emitted;

/** TensorProto.DataType codes for Cast. */
export const FLOAT = 1;
export const BOOL = 9;
export const DOUBLE = 11;
export const INT64 = 7;

export function dbl(g: OnnxGraph, hint: string, dims: readonly number[], values: readonly number[] | Float64Array): string {
  return g.constant(hint, { elem: 'double', dims, values });
}

export function i64(g: OnnxGraph, hint: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
  return g.constant(hint, { elem: 'int64', dims, values });
}

/** The F columns of a [N, F] tensor as F tensors [N, 1] (one Split node). */
export function columns(g: OnnxGraph, x: string, f: number): string[] {
  if (f === 1) return [x];
  return g.node('Split', [x], { axis: attr.int(1) }, { outputs: f });
}

/** Splits along `axis` into `parts` equal slices (one Split node; the input itself when parts = 1). */
export function slices(g: OnnxGraph, x: string, axis: number, parts: number): string[] {
  if (parts === 1) return [x];
  return g.node('Split', [x], { axis: attr.int(axis) }, { outputs: parts });
}

/** ((a0 + a1) + a2) + …: the order of a running sum in the app. */
export function chainSum(g: OnnxGraph, parts: readonly string[]): string {
  if (parts.length === 0) throw new Error('ONNX: nothing to sum.');
  let acc = parts[0]!;
  for (let i = 1; i < parts.length; i++) acc = g.op('Add', [acc, parts[i]!]);
  return acc;
}

export function reshape(g: OnnxGraph, x: string, shape: readonly number[]): string {
  return g.op('Reshape', [x, i64(g, 'shape', shape)]);
}

export function squeeze(g: OnnxGraph, x: string, axes: readonly number[]): string {
  return g.op('Squeeze', [x, i64(g, 'axes', axes)]);
}

export function unsqueeze(g: OnnxGraph, x: string, axes: readonly number[]): string {
  return g.op('Unsqueeze', [x, i64(g, 'axes', axes)]);
}

export function reduceSum(g: OnnxGraph, x: string, axes: readonly number[], keepdims: boolean): string {
  return g.op('ReduceSum', [x, i64(g, 'axes', axes)], { keepdims: attr.int(keepdims ? 1 : 0) });
}

/**
 * True where x is a category code 0..levels-1: in range (NaN and unseen codes give false) and,
 * unless `integer` is false, a whole number.
 */
export function isCode(g: OnnxGraph, x: string, levels: string, integer = true): string {
  const zero = dbl(g, 'zero', [], [0]);
  const inRange = g.op('And', [g.op('GreaterOrEqual', [x, zero]), g.op('Less', [x, levels])]);
  return integer ? g.op('And', [inRange, g.op('Equal', [x, g.op('Floor', [x])])]) : inRange;
}

/** True where x is a finite number (not NaN, not ±Infinity). */
export function finiteMask(g: OnnxGraph, x: string): string {
  return g.op('Not', [g.op('Or', [g.op('IsNaN', [x]), g.op('IsInf', [x])])]);
}

/**
 * The row of a [levels + 1, …] lookup table for each category code in x [N, 1]: the code itself,
 * or `levels` (the last row) for anything that is not a code 0..levels-1. Returns int64 [N].
 */
export function tableRow(g: OnnxGraph, x: string, levels: number): string {
  const L = dbl(g, 'levels', [], [levels]);
  const row = g.op('Where', [isCode(g, x, L), x, L]);
  return squeeze(g, g.op('Cast', [row], { to: attr.int(INT64) }), [1]);
}

/** Two-class probabilities [1 − p1, p1] from p1 [N, 1], as the app computes them. */
export function binaryProbs(g: OnnxGraph, p1: string): string {
  const p0 = g.op('Sub', [dbl(g, 'one', [], [1]), p1]);
  return g.op('Concat', [p0, p1], { axis: attr.int(1) });
}
