/**
 * The fitted state of a histogram GBDT: plain JSON, self-sufficient for prediction on raw feature
 * values (not bins), and close to ONNX's TreeEnsemble{Classifier,Regressor} so that it can be
 * exported node by node.
 *
 * Trees are stored round-major: tree `t * treesPerRound + k` is round t's tree for output k
 * (the class k for multiclass; the only output otherwise). Each tree is a set of parallel arrays
 * indexed by node, root = node 0, children created in pairs (right = left + 1, both stored):
 *   feature[i]     split feature index, -1 on leaves
 *   threshold[i]   numeric feature (or ordinal-coded categorical, see `ordinal`): a real value;
 *                  x <= threshold goes left, x > threshold right (a split of "missing or not"
 *                  has threshold Number.MAX_VALUE). Categorical feature: the offset of the
 *                  node's bitset in `catBits`.
 *   left[i], right[i]   child node indices, -1 on leaves
 *   missingLeft[i] 1 when missing values (NaN) go left, else 0. For a categorical feature this
 *                  also routes values that are not codes 0..levels-1 (unseen categories,
 *                  negative or fractional values); categories present in the level list but
 *                  absent from the training rows are put in the bitset on the missing side.
 *   value[i]       leaf value, already scaled by the learning rate (0 on internal nodes)
 *   count[i]       training rows reaching the node (the "cover", for TreeSHAP)
 *   catBits        32-bit words (as unsigned numbers); a categorical node's set has
 *                  ceil(levels / 32) words from `threshold[i]`; category code c goes left when
 *                  bit (c & 31) of word (c >> 5) is set.
 * The raw score of output k is baseScore[k] + the sum of the leaf values of its trees. Binary:
 * P(class 1) = sigmoid(raw); multiclass: softmax over the K raw scores; regression: raw.
 *
 * ONNX mapping: numeric nodes are BRANCH_LEQ with `nodes_missing_value_tracks_true` =
 * missingLeft, thresholds kept as doubles (TreeEnsemble of ai.onnx.ml opset 5, or
 * nodes_values_as_tensor in opset 3; float32 thresholds would move values near a threshold);
 * categorical nodes become BRANCH_MEMBER (opset 5) on the set bits, or a chain of BRANCH_EQ
 * nodes in older opsets. For categorical and ordinal-coded features, non-codes are first mapped
 * to NaN. Leaf values are the raw-score contributions; base scores are the ensemble's base values
 * (post transform LOGISTIC for binary, SOFTMAX for multiclass).
 */

export type GbdtTree = {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  missingLeft: number[];
  value: number[];
  count: number[];
  catBits: number[];
};

export type GbdtState = {
  /** Format version of this state. */
  format: 1;
  task: 'binary' | 'multiclass' | 'regression';
  nFeatures: number;
  /** Classes (binary, multiclass); 0 for regression. */
  nClasses: number;
  /** Trees per boosting round: nClasses for multiclass, else 1. */
  treesPerRound: number;
  /** Rounds fitted (fewer than max_iter when early stopping stopped). */
  rounds: number;
  /** Level count per feature as seen in training (0 = numeric). */
  levels: number[];
  /**
   * Per feature, 1 when a categorical feature (more than max_bins categories in training) is
   * split as ordered codes: its nodes use real thresholds like numeric ones, and any value that
   * is not a code 0..levels-1 takes the missing direction.
   */
  ordinal: number[];
  baseScore: number[];
  trees: GbdtTree[];
};
