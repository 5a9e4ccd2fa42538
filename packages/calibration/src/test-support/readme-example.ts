/** The logits of the calibration README's example: six rows of three classes, confident and half of them wrong. */
export const README_LOGITS: number[][] = [
  [4, 0, 0],
  [0, 4, 0],
  [0, 0, 4],
  [4, 0, 0],
  [0, 4, 0],
  [0, 0, 4],
];

/** The labels of the calibration README's example. */
export const README_LABELS: number[] = [0, 1, 2, 1, 1, 0];

/** The softmax of {@link README_LOGITS}, in float64: what a newcomer passes by mistake where logits belong. */
export const README_PROBABILITIES: number[][] = README_LOGITS.map((row) => {
  const exps = row.map(Math.exp);
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
});
