/** The two class triples of the paper's Fig. 1 projections. */
export interface ProjectionTriples {
  /** Three classes the baseline confuses least with each other. */
  dissimilar: [number, number, number];
  /** The two classes the baseline confuses most, then the class it confuses least with either. */
  similar: [number, number, number];
}

/**
 * Picks the triples of the projections from a network's confusions on held-out images (`logits` `[rows, classes]`
 * row-major, `labels` `[rows]`): the confusion of two classes is how often either is predicted for the other. The
 * dissimilar triple has the smallest summed pairwise confusion; the similar triple is the most confused pair plus the
 * class with the smallest summed confusion with both. Ties go to the smaller class indices, so the choice depends on
 * the data and the network only.
 *
 * @example
 * ```ts
 * import { chooseProjectionTriples } from './choose-projection-triples';
 * // Four classes; class 1 is mistaken for class 2 and vice versa.
 * const logits = Float32Array.from([9, 0, 0, 0, 0, 0, 9, 0, 0, 9, 0, 0, 0, 0, 0, 9]);
 * const triples = chooseProjectionTriples(logits, Int32Array.from([0, 1, 2, 3]), 4);
 * console.log(triples.similar); // [1, 2, 0]
 * ```
 */
export function chooseProjectionTriples(logits: Float32Array, labels: Int32Array, classes: number): ProjectionTriples {
  const confusion = new Float64Array(classes * classes);
  for (let row = 0; row < labels.length; row += 1) {
    let predicted = 0;
    for (let column = 1; column < classes; column += 1) {
      if ((logits[row * classes + column] as number) > (logits[row * classes + predicted] as number))
        predicted = column;
    }
    const label = labels[row] as number;
    if (predicted !== label) {
      confusion[label * classes + predicted] = (confusion[label * classes + predicted] as number) + 1;
      confusion[predicted * classes + label] = (confusion[predicted * classes + label] as number) + 1;
    }
  }
  const between = (a: number, b: number) => confusion[a * classes + b] as number;
  let dissimilar: [number, number, number] = [0, 1, 2];
  let fewest = Number.POSITIVE_INFINITY;
  let pair: [number, number] = [0, 1];
  let most = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < classes; a += 1) {
    for (let b = a + 1; b < classes; b += 1) {
      if (between(a, b) > most) {
        most = between(a, b);
        pair = [a, b];
      }
      for (let c = b + 1; c < classes; c += 1) {
        const total = between(a, b) + between(a, c) + between(b, c);
        if (total < fewest) {
          fewest = total;
          dissimilar = [a, b, c];
        }
      }
    }
  }
  const [first, second] = pair;
  let third = -1;
  let thirdTotal = Number.POSITIVE_INFINITY;
  for (let c = 0; c < classes; c += 1) {
    if (c === first || c === second) continue;
    const total = between(first, c) + between(second, c);
    if (total < thirdTotal) {
      thirdTotal = total;
      third = c;
    }
  }
  return { dissimilar, similar: [first, second, third] };
}
