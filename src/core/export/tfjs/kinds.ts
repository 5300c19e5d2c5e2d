/** Which estimator kinds the TF.js export handles (no imports: the renderer uses it too). */
export const TFJS_LINEAR_KINDS: readonly string[] = ['ridge', 'ols', 'lasso', 'elastic_net', 'logistic.l2', 'logistic.l1', 'logistic.multinomial'];

/** Estimator kinds the TF.js export handles. */
export function tfjsExportable(kind: string): boolean {
  return kind === 'nn.mlp' || TFJS_LINEAR_KINDS.includes(kind);
}
