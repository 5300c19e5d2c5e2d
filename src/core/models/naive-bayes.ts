/**
 * Naive Bayes on mixed columns (DESIGN.md §5 estimator contract), on native input: numbers as
 * they are (NaN = missing) and category codes (`Matrix.categorical[j]` = level count).
 *
 * log P(class | x) ∝ log prior(class) + Σ over numeric j of log N(xⱼ; μ_cj, σ²_cj)
 *                                     + Σ over category j of log P(xⱼ | class)
 * - Priors: weighted class frequencies (scikit-learn's default); a class absent from the
 *   training rows gets probability 0.
 * - Numeric columns: Gaussian per class with the (weighted, biased) variance plus
 *   var_smoothing × the largest variance over all numeric columns, as scikit-learn's GaussianNB
 *   (when every numeric column is constant, var_smoothing itself). A class with no observed value
 *   in a column uses the column's overall mean and variance.
 * - Category columns: (count + alpha) / (class rows with a value + alpha × levels), Laplace
 *   smoothing as scikit-learn's CategoricalNB (alpha = 1).
 * - Missing values (NaN, infinite numbers, or codes outside 0..levels-1 such as categories
 *   unseen in training) are skipped: that column adds nothing to any class. A column with no
 *   values at all in training is ignored.
 * Probabilities come from a log-sum-exp softmax, so rows sum to 1 without underflow.
 */
import { presentClasses } from './linear-more';
import { registerEstimator } from './registry';
import type { Prediction } from './types';

export type NbParams = { var_smoothing: number; alpha: number };

export type NbFeature =
  | { type: 'num'; mean: number[]; var: number[] }
  | { type: 'cat'; levels: number; logp: number[][] }
  | { type: 'skip' };

export type NbState = {
  nClasses: number;
  cols: number;
  /** log prior per class; null for classes absent from training. */
  logPrior: (number | null)[];
  features: NbFeature[];
};

const catCode = (v: number, levels: number): number => (Number.isInteger(v) && v >= 0 && v < levels ? v : -1);

export const naiveBayes = registerEstimator<NbParams, NbState>({
  kind: 'nb.mixed',
  version: 1,
  family: 'nb',
  label: 'Naive Bayes',
  description: 'Treats every column as independent evidence for each class: a bell curve per class for numbers, smoothed frequencies for categories. Missing values are simply left out. Very fast; a good quick baseline.',
  tasks: ['binary', 'multiclass'],
  input: 'native',
  defaults: { var_smoothing: 1e-9, alpha: 1 },
  fit(data, params, ctx) {
    if (!(params.var_smoothing >= 0) || !Number.isFinite(params.var_smoothing)) throw new Error('var_smoothing must be a number ≥ 0.');
    if (!(params.alpha > 0) || !Number.isFinite(params.alpha)) throw new Error('alpha must be a number > 0.');
    presentClasses(data);
    const { rows, cols, x, y } = data;
    const K = data.nClasses;
    const w = data.weights;
    if (w && w.length !== rows) throw new Error(`Expected ${rows} row weights, got ${w.length}.`);
    if (w) for (const v of w) if (!(v >= 0) || !Number.isFinite(v)) throw new Error('Row weights must be finite and not negative.');
    const weight = (i: number) => (w ? w[i]! : 1);
    const classW = new Float64Array(K);
    for (let i = 0; i < rows; i++) classW[y[i]!]! += weight(i);
    let total = 0;
    for (const v of classW) total += v;
    if (!(total > 0)) throw new Error('All row weights are zero.');
    const logPrior = Array.from(classW, (v) => (v > 0 ? Math.log(v / total) : null));

    const levelsOf = (j: number) => data.categorical?.[j] ?? 0;
    // First pass for numeric columns: overall weighted mean and variance (for var_smoothing and
    // classes without values).
    const overall: ({ mean: number; var: number } | null)[] = [];
    let maxVar = 0;
    for (let j = 0; j < cols; j++) {
      if (levelsOf(j) > 0) { overall.push(null); continue; }
      let sw = 0, m = 0;
      for (let i = 0; i < rows; i++) {
        const v = x[i * cols + j]!;
        if (!Number.isFinite(v)) continue;
        const wi = weight(i);
        sw += wi; m += wi * v;
      }
      if (!(sw > 0)) { overall.push(null); continue; }
      m /= sw;
      let s = 0;
      for (let i = 0; i < rows; i++) {
        const v = x[i * cols + j]!;
        if (Number.isFinite(v)) s += weight(i) * (v - m) ** 2;
      }
      const vr = s / sw;
      overall.push({ mean: m, var: vr });
      maxVar = Math.max(maxVar, vr);
    }
    const epsilon = params.var_smoothing * (maxVar > 0 ? maxVar : 1);

    const features: NbFeature[] = [];
    for (let j = 0; j < cols; j++) {
      const levels = levelsOf(j);
      if (levels > 0) {
        const counts = new Float64Array(K * levels);
        const n = new Float64Array(K);
        let any = false;
        for (let i = 0; i < rows; i++) {
          const code = catCode(x[i * cols + j]!, levels);
          if (code < 0) continue;
          const c = y[i]!;
          counts[c * levels + code]! += weight(i);
          n[c]! += weight(i);
          any = true;
        }
        if (!any) { features.push({ type: 'skip' }); continue; }
        const a = params.alpha;
        const logp = Array.from({ length: K }, (_, c) =>
          Array.from({ length: levels }, (_, l) => Math.log((counts[c * levels + l]! + a) / (n[c]! + a * levels))));
        features.push({ type: 'cat', levels, logp });
        continue;
      }
      const all = overall[j];
      if (!all) { features.push({ type: 'skip' }); continue; }
      const sw = new Float64Array(K);
      const mean = new Float64Array(K);
      for (let i = 0; i < rows; i++) {
        const v = x[i * cols + j]!;
        if (!Number.isFinite(v)) continue;
        const c = y[i]!;
        sw[c]! += weight(i);
        mean[c]! += weight(i) * v;
      }
      for (let c = 0; c < K; c++) mean[c] = sw[c]! > 0 ? mean[c]! / sw[c]! : all.mean;
      const ss = new Float64Array(K);
      for (let i = 0; i < rows; i++) {
        const v = x[i * cols + j]!;
        if (!Number.isFinite(v)) continue;
        const c = y[i]!;
        ss[c]! += weight(i) * (v - mean[c]!) ** 2;
      }
      const vr = Array.from({ length: K }, (_, c) => (sw[c]! > 0 ? ss[c]! / sw[c]! : all.var) + epsilon);
      features.push({ type: 'num', mean: Array.from(mean), var: vr });
    }
    ctx.onProgress?.({ iteration: 1, total: 1 });
    return { nClasses: K, cols, logPrior, features };
  },
  predict(state, _params, m): Prediction {
    if (m.cols !== state.cols) throw new Error(`The model expects ${state.cols} features, got ${m.cols}.`);
    if (m.x.length !== m.rows * m.cols) throw new Error('The feature matrix size does not match rows × columns.');
    const K = state.nClasses;
    const classes = [...state.logPrior.keys()].filter((c) => state.logPrior[c] !== null);
    // Flatten the per-class parameters for speed.
    const feats = state.features.map((f) => {
      if (f.type === 'num') {
        return {
          type: 'num' as const,
          mean: Float64Array.from(f.mean),
          inv2var: Float64Array.from(f.var, (v) => 0.5 / v),
          logNorm: Float64Array.from(f.var, (v) => -0.5 * Math.log(2 * Math.PI * v)),
        };
      }
      if (f.type === 'cat') return { type: 'cat' as const, levels: f.levels, logp: f.logp.map((r) => Float64Array.from(r)) };
      return { type: 'skip' as const };
    });
    const proba = new Float64Array(m.rows * K);
    const jll = new Float64Array(K);
    for (let i = 0; i < m.rows; i++) {
      for (const c of classes) jll[c] = state.logPrior[c]!;
      for (let j = 0; j < m.cols; j++) {
        const f = feats[j]!;
        const v = m.x[i * m.cols + j]!;
        if (f.type === 'num') {
          if (!Number.isFinite(v)) continue;
          for (const c of classes) {
            const d = v - f.mean[c]!;
            jll[c]! += f.logNorm[c]! - d * d * f.inv2var[c]!;
          }
        } else if (f.type === 'cat') {
          const code = catCode(v, f.levels);
          if (code < 0) continue;
          for (const c of classes) jll[c]! += f.logp[c]![code]!;
        }
      }
      let mx = -Infinity;
      for (const c of classes) if (jll[c]! > mx) mx = jll[c]!;
      if (!Number.isFinite(mx)) {
        // Overflow on an absurd value: fall back to the priors.
        for (const c of classes) jll[c] = state.logPrior[c]!;
        mx = Math.max(...classes.map((c) => jll[c]!));
      }
      let se = 0;
      for (const c of classes) se += Math.exp(jll[c]! - mx);
      const o = i * K;
      for (const c of classes) proba[o + c] = Math.exp(jll[c]! - mx) / se;
    }
    return { proba, nClasses: K };
  },
});
