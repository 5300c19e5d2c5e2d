/**
 * Binary logistic regression with an L2 penalty, fitted exactly by Newton's method:
 * minimises  sum_i logloss(y_i, sigmoid(x_i·w + b)) + ||w||² / (2C)  (the intercept is not
 * penalised), the same objective as scikit-learn's LogisticRegression(C).
 * Deterministic: no randomness, fixed iteration order.
 */
import { solveSpd } from '../util/linalg';

export interface LogisticParams {
  /** Inverse regularisation strength, as in scikit-learn. */
  C: number;
  maxIter: number;
  tol: number;
}

export interface LogisticState {
  weights: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

export const logisticDefaults: LogisticParams = { C: 1, maxIter: 100, tol: 1e-10 };

export interface FitProgress {
  iteration: number;
  loss: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Fits on a row-major matrix x (rows × cols) and 0/1 targets y.
 * `onIteration` may throw (e.g. to cancel); fitting stops there.
 */
export function fitLogistic(
  x: Float64Array, rows: number, cols: number, y: ArrayLike<number>,
  params: Partial<LogisticParams> = {}, onIteration?: (p: FitProgress) => void,
): LogisticState {
  const { C, maxIter, tol } = { ...logisticDefaults, ...params };
  const p = cols + 1; // last parameter is the intercept
  const beta = new Float64Array(p);
  const lambda = 1 / C;
  const z = new Float64Array(rows);
  let converged = false;
  let iter = 0;
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      let s = b[cols]!;
      const o = i * cols;
      for (let j = 0; j < cols; j++) s += x[o + j]! * b[j]!;
      z[i] = s;
      loss += softplus(s) - y[i]! * s;
    }
    let pen = 0;
    for (let j = 0; j < cols; j++) pen += b[j]! * b[j]!;
    return loss + 0.5 * lambda * pen;
  };
  let loss = objective(beta);
  for (iter = 1; iter <= maxIter; iter++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let i = 0; i < rows; i++) {
      const mu = sigmoid(z[i]!);
      const r = mu - y[i]!;
      const wgt = mu * (1 - mu);
      const o = i * cols;
      for (let j = 0; j < cols; j++) {
        const xj = x[o + j]!;
        grad[j]! += r * xj;
        const wx = wgt * xj;
        const hj = j * p;
        for (let k = 0; k <= j; k++) hess[hj + k]! += wx * x[o + k]!;
        hess[hj + cols]! += wx;
      }
      grad[cols]! += r;
      hess[cols * p + cols]! += wgt;
    }
    for (let j = 0; j < cols; j++) {
      grad[j]! += lambda * beta[j]!;
      hess[j * p + j]! += lambda;
    }
    // Mirror the lower triangle; the intercept row/column was accumulated in column `cols`.
    for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) {
      if (k === cols && j < cols) hess[k * p + j] = hess[j * p + k]!;
      else hess[j * p + k] = hess[k * p + j]!;
    }
    // Tiny ridge on the intercept keeps a single-class or separable fold solvable.
    hess[cols * p + cols]! += 1e-12;
    const step = solveSpd(hess, grad, p);
    // Backtracking line search: Newton steps can overshoot on separable data.
    let t = 1;
    const next = new Float64Array(p);
    let nextLoss = Infinity;
    for (let h = 0; h < 30; h++) {
      for (let j = 0; j < p; j++) next[j] = beta[j]! - t * step[j]!;
      nextLoss = objective(next);
      if (nextLoss <= loss + 1e-12 * Math.abs(loss)) break;
      t /= 2;
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]!));
    beta.set(next);
    const improvement = loss - nextLoss;
    loss = nextLoss;
    onIteration?.({ iteration: iter, loss: loss / Math.max(1, rows) });
    if (maxStep < tol || improvement <= 1e-14 * Math.max(1, Math.abs(loss))) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(beta.subarray(0, cols)), intercept: beta[cols]!, iterations: Math.min(iter, maxIter), converged };
}

/** Probability of the positive class for each row. */
export function predictLogistic(state: LogisticState, x: Float64Array, rows: number, cols: number): Float64Array {
  if (state.weights.length !== cols) throw new Error(`The model expects ${state.weights.length} features, got ${cols}.`);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = state.intercept;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += x[o + j]! * state.weights[j]!;
    out[i] = sigmoid(s);
  }
  return out;
}
