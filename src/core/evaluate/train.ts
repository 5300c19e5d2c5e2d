/**
 * Trains a model family with honest k-fold cross-validation: the whole pipeline (every
 * preparation step) is fitted inside each fold on that fold's training rows only, scored on
 * its held-out rows, and the metrics are computed on the concatenated out-of-fold predictions
 * (the protocol of BASELINES.md). A final model is then fitted on all rows for export.
 */
import { isNumeric, type Frame } from '../frame/frame';
import type { Task } from '../frame/kinds';
import { fitLogistic, predictLogistic, type LogisticState } from '../models/logistic';
import { applySteps, defaultLinearSteps, fitSteps, inputSchema, toMatrix, toWork, type FittedPipeline } from '../steps/pipeline';
import { accuracy, logLoss, rocAuc } from './metrics';
import { foldRows, stratifiedHoldout, stratifiedKFold } from './split';

export interface TrainRequest {
  target: string;
  features: string[];
  model: 'linear';
  /** k-fold CV with this many folds, unless `holdout` is set. */
  folds: number;
  /** Fraction of rows held out for a single train/test split instead of k-fold. */
  holdout?: number;
  seed: number;
}

export interface TrainProgress {
  /** 0..1 of the whole job. */
  fraction: number;
  message: string;
  fold: number;
  iteration: number;
  loss: number;
}

/** A fitted model: pipeline + estimator state, all JSON. */
export interface FittedModel {
  formatVersion: 1;
  model: 'linear';
  task: Task;
  target: string;
  classes: string[];
  positiveClass: string;
  pipeline: FittedPipeline;
  estimator: { kind: 'logistic.l2'; params: { C: number }; state: LogisticState };
}

export interface TrainResult {
  task: Task;
  classes: string[];
  positiveClass: string;
  rows: number;
  metrics: Record<string, number>;
  foldMetrics: Record<string, number>[];
  /** Out-of-fold probability of the positive class by row (NaN for rows never held out). */
  oof: Float64Array;
  fitted: FittedModel;
}

/** Thrown by a progress callback to stop training. */
export class Cancelled extends Error {
  constructor() {
    super('Training was cancelled.');
  }
}

/** Target classes (sorted) and each row's class index; rows with a missing target get -1. */
export function targetClasses(frame: Frame, target: string): { classes: string[]; y: Int32Array } {
  const col = frame.column(target);
  const labels: (string | null)[] = [];
  for (let i = 0; i < frame.rows; i++) {
    const v = frame.cell(i, col);
    labels.push(v === null ? null : String(v));
  }
  const classes = [...new Set(labels.filter((l): l is string => l !== null))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  return { classes, y: Int32Array.from(labels, (l) => (l === null ? -1 : index.get(l)!)) };
}

/** Decides the task from the target column; throws a plain message when unsupported. */
export function detectTask(frame: Frame, target: string): Task {
  const col = frame.column(target);
  const { classes } = targetClasses(frame, target);
  if (classes.length < 2) throw new Error(`The target ${target} has only one value, so there is nothing to predict.`);
  if (classes.length === 2) return 'binary';
  if (isNumeric(col) && classes.length > 20) return 'regression';
  return 'multiclass';
}

export function trainWithCV(frame: Frame, req: TrainRequest, onProgress: (p: TrainProgress) => void = () => {}): TrainResult {
  const task = detectTask(frame, req.target);
  if (task !== 'binary') {
    throw new Error(`The target ${req.target} is a ${task} target; this version trains two-class targets only.`);
  }
  const all = targetClasses(frame, req.target);
  // Rows with a missing target cannot be learned from or scored.
  const keep = [...all.y.keys()].filter((i) => all.y[i]! >= 0);
  const data = keep.length === frame.rows ? frame : frame.take(keep);
  const y = Int32Array.from(keep, (i) => all.y[i]!);
  const { classes } = all;
  const k = req.holdout ? 1 : req.folds;
  const fold = req.holdout ? stratifiedHoldout(y, req.holdout, req.seed) : stratifiedKFold(y, k, req.seed);
  const oof = new Float64Array(data.rows).fill(Number.NaN);
  const foldMetrics: Record<string, number>[] = [];
  const stages = k + 1;
  const fitOn = (rows: Int32Array | null, stage: number, label: string) => {
    const part = rows ? data.take(rows) : data;
    const input = inputSchema(part, req.features);
    const { steps, work } = fitSteps(toWork(part, input), defaultLinearSteps(input), req.seed);
    const m = toMatrix(work);
    const yy = rows ? Int32Array.from(rows, (r) => y[r]!) : y;
    const state = fitLogistic(m.x, m.rows, m.cols, yy, { C: 1 }, ({ iteration, loss }) =>
      onProgress({ fraction: (stage + Math.min(iteration, 20) / 20) / stages, message: `${label}: iteration ${iteration}`, fold: stage + 1, iteration, loss }));
    const pipeline: FittedPipeline = { formatVersion: 1, input, steps, features: m.names };
    return { pipeline, state };
  };
  for (let f = 0; f < k; f++) {
    const { train, test } = foldRows(fold, f);
    const { pipeline, state } = fitOn(train, f, req.holdout ? 'Training part' : `Fold ${f + 1} of ${k}`);
    const testFrame = data.take(test);
    const mt = toMatrix(applyPipelineWork(pipeline, testFrame));
    const p = predictLogistic(state, mt.x, mt.rows, mt.cols);
    const yt = Int32Array.from(test, (r) => y[r]!);
    test.forEach((r, i) => (oof[r] = p[i]!));
    foldMetrics.push({ accuracy: accuracy(yt, p), auc: rocAuc(yt, p), log_loss: logLoss(yt, p) });
  }
  const finalFit = fitOn(null, k, 'Final model on all rows');
  // Scores over every row that was held out (all rows under k-fold, the test part under hold-out).
  const scored = [...oof.keys()].filter((i) => !Number.isNaN(oof[i]!));
  const yS = Int32Array.from(scored, (i) => y[i]!);
  const pS = Float64Array.from(scored, (i) => oof[i]!);
  onProgress({ fraction: 1, message: 'Done', fold: k + 1, iteration: 0, loss: Number.NaN });
  return {
    task,
    classes,
    positiveClass: classes[1]!,
    rows: data.rows,
    metrics: { accuracy: accuracy(yS, pS), auc: rocAuc(yS, pS), log_loss: logLoss(yS, pS) },
    foldMetrics,
    oof,
    fitted: {
      formatVersion: 1,
      model: 'linear',
      task,
      target: req.target,
      classes,
      positiveClass: classes[1]!,
      pipeline: finalFit.pipeline,
      estimator: { kind: 'logistic.l2', params: { C: 1 }, state: finalFit.state },
    },
  };
}

function applyPipelineWork(p: FittedPipeline, frame: Frame) {
  return applySteps(toWork(frame, p.input), p.steps);
}

/** Class probabilities [P(classes[0]), P(classes[1])] per row, from a fitted model. */
export function predictProba(model: FittedModel, frame: Frame): Float64Array[] {
  const m = toMatrix(applyPipelineWork(model.pipeline, frame));
  const p1 = predictLogistic(model.estimator.state, m.x, m.rows, m.cols);
  return [p1.map((p) => 1 - p), p1];
}
