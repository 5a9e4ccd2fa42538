/** The inputs the browser page computes on; the check computes the same in Node and compares. */
export const browserCheckInputs = {
  gradientAt: [1, -2, 3],
  logits: [
    [2, 0.5, -1, 0],
    [-0.3, 1.7, 0.2, 0.9],
    [0, 0, 0, 0],
  ],
  labels: [0, 3, 2],
  epsilon: 0.1,
  probabilities: [
    [0.7, 0.2, 0.1],
    [0.1, 0.85, 0.05],
    [0.4, 0.35, 0.25],
    [0.2, 0.2, 0.6],
    [0.05, 0.05, 0.9],
  ],
  probabilityLabels: [0, 1, 1, 2, 0],
};
