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
  /** Columns above which Newton-CG replaces the exact Newton step (default NEWTON_CG_COLUMNS). */
  newtonCgAbove?: number;
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

/** Above this many columns the fit uses Newton-CG rather than the exact Hessian. */
export const NEWTON_CG_COLUMNS = 150;

/**
 * Solves A s = b for a symmetric positive-definite A given as a product, with a diagonal
 * (Jacobi) preconditioner, until the residual is below `relTol` × |b|.
 */
function conjugateGradient(av: (v: Float64Array, out: Float64Array) => void, b: Float64Array, diag: Float64Array, n: number, relTol: number): Float64Array {
  const s = new Float64Array(n);
  const r = Float64Array.from(b);
  const zv = Float64Array.from(r, (v, j) => v / diag[j]!);
  const d = Float64Array.from(zv);
  const ad = new Float64Array(n);
  let rz = 0;
  let rr = 0;
  for (let j = 0; j < n; j++) { rz += r[j]! * zv[j]!; rr += r[j]! * r[j]!; }
  const stop = relTol * relTol * rr;
  for (let it = 0; it < Math.max(50, 2 * n) && rr > stop; it++) {
    av(d, ad);
    let dad = 0;
    for (let j = 0; j < n; j++) dad += d[j]! * ad[j]!;
    if (!(dad > 0)) break;
    const alpha = rz / dad;
    let nextRz = 0;
    rr = 0;
    for (let j = 0; j < n; j++) {
      s[j]! += alpha * d[j]!;
      r[j]! -= alpha * ad[j]!;
      zv[j] = r[j]! / diag[j]!;
      nextRz += r[j]! * zv[j]!;
      rr += r[j]! * r[j]!;
    }
    const beta = nextRz / rz;
    rz = nextRz;
    for (let j = 0; j < n; j++) d[j] = zv[j]! + beta * d[j]!;
  }
  return s;
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
  const { C, maxIter, tol, newtonCgAbove } = { ...logisticDefaults, ...params };
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
  // Many columns (word counts, wide one-hot): the exact Hessian costs rows × cols² per step, so
  // solve each Newton system by conjugate gradients on Hessian-vector products instead
  // (scikit-learn's newton-cg). Same objective, same optimum.
  if (cols > (newtonCgAbove ?? NEWTON_CG_COLUMNS)) {
    const wgt = new Float64Array(rows);
    const xv = new Float64Array(rows);
    const hv = (v: Float64Array, out: Float64Array) => {
      out.fill(0);
      for (let i = 0; i < rows; i++) {
        let s = v[cols]!;
        const o = i * cols;
        for (let j = 0; j < cols; j++) s += x[o + j]! * v[j]!;
        xv[i] = s * wgt[i]!;
      }
      for (let i = 0; i < rows; i++) {
        const o = i * cols;
        const w = xv[i]!;
        if (w === 0) continue;
        for (let j = 0; j < cols; j++) out[j]! += w * x[o + j]!;
        out[cols]! += w;
      }
      for (let j = 0; j < cols; j++) out[j]! += lambda * v[j]!;
      out[cols]! += 1e-12 * v[cols]!;
    };
    for (iter = 1; iter <= maxIter; iter++) {
      const grad = new Float64Array(p);
      const diag = new Float64Array(p);
      for (let i = 0; i < rows; i++) {
        const mu = sigmoid(z[i]!);
        const r = mu - y[i]!;
        const w = mu * (1 - mu);
        wgt[i] = w;
        const o = i * cols;
        for (let j = 0; j < cols; j++) {
          const xj = x[o + j]!;
          grad[j]! += r * xj;
          diag[j]! += w * xj * xj;
        }
        grad[cols]! += r;
        diag[cols]! += w;
      }
      for (let j = 0; j < cols; j++) {
        grad[j]! += lambda * beta[j]!;
        diag[j]! += lambda;
      }
      diag[cols]! += 1e-12;
      let gnorm = 0;
      for (let j = 0; j < p; j++) gnorm = Math.max(gnorm, Math.abs(grad[j]!));
      if (gnorm < 1e-10 * Math.max(1, rows)) {
        converged = true;
        break;
      }
      // The forcing term of scikit-learn's newton-cg: loose far from the optimum, tight near it.
      const res = lineSearch(conjugateGradient(hv, grad, diag, p, Math.min(0.5, Math.sqrt(gnorm) * 1e-2)));
      onIteration?.({ iteration: iter, loss: loss / Math.max(1, rows) });
      if (res.done) {
        converged = true;
        break;
      }
    }
    return { weights: Array.from(beta.subarray(0, cols)), intercept: beta[cols]!, iterations: Math.min(iter, maxIter), converged };
  }
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
    const res = lineSearch(step);
    onIteration?.({ iteration: iter, loss: loss / Math.max(1, rows) });
    if (res.done) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(beta.subarray(0, cols)), intercept: beta[cols]!, iterations: Math.min(iter, maxIter), converged };

  /** Takes the (backtracked) step; true when the fit has converged. */
  function lineSearch(step: Float64Array): { done: boolean } {
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
    return { done: maxStep < tol || improvement <= 1e-14 * Math.max(1, Math.abs(loss)) };
  }
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
