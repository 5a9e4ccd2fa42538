/**
 * The ascending order of float64 values by a least-significant-digit radix sort of their bits: four stable passes of
 * 16 bits over keys mapped so that unsigned order is numeric order (sign bit set for positives, every bit flipped for
 * negatives). Linear in the length, where a comparison sort of 50 000 values takes several times as long.
 */

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * The stable permutation that sorts `values` (finite; −0 sorts just below +0) ascending: `values[order[0]]` is the
 * smallest.
 */
export function sortOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // Little-endian words: bits[2i] is the low half of values[i], bits[2i + 1] the high half (sign and exponent).
  const little = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
  const lowWord = little ? 0 : 1;
  let keyHigh = new Uint32Array(n);
  let keyLow = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let index = 0; index < n; index += 1) {
    const high = bits[2 * index + 1 - lowWord] as number;
    const low = bits[2 * index + lowWord] as number;
    const negative = high >>> 31 === 1;
    keyHigh[index] = negative ? ~high >>> 0 : (high | 0x80000000) >>> 0;
    keyLow[index] = negative ? ~low >>> 0 : low;
    order[index] = index;
  }
  let nextHigh = new Uint32Array(n);
  let nextLow = new Uint32Array(n);
  let nextOrder = new Uint32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass += 1) {
    const keys = pass < 2 ? keyLow : keyHigh;
    const shift = (pass % 2) * DIGIT_BITS;
    counts.fill(0);
    for (let index = 0; index < n; index += 1) {
      const digit = ((keys[index] as number) >>> shift) & (BUCKETS - 1);
      counts[digit] = (counts[digit] as number) + 1;
    }
    // A digit every key shares leaves the order as it is.
    if (n === 0 || counts[((keys[0] as number) >>> shift) & (BUCKETS - 1)] === n) continue;
    let total = 0;
    for (let digit = 0; digit < BUCKETS; digit += 1) {
      const count = counts[digit] as number;
      counts[digit] = total;
      total += count;
    }
    for (let index = 0; index < n; index += 1) {
      const digit = ((keys[index] as number) >>> shift) & (BUCKETS - 1);
      const target = counts[digit] as number;
      counts[digit] = target + 1;
      nextHigh[target] = keyHigh[index] as number;
      nextLow[target] = keyLow[index] as number;
      nextOrder[target] = order[index] as number;
    }
    [keyHigh, nextHigh] = [nextHigh, keyHigh];
    [keyLow, nextLow] = [nextLow, keyLow];
    [order, nextOrder] = [nextOrder, order];
  }
  return order;
}
