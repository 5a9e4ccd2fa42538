/** The inputs the browser page computes on; the check computes the same in Node and compares. */
export const browserCheckInputs = {
  gradientAt: [1, -2, 3],
};
