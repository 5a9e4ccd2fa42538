/**
 * One CIFAR binary record for tests: the label bytes (one for CIFAR-10, coarse and fine for CIFAR-100), then the red,
 * green and blue 32×32 planes, pixel p of channel c holding (p + shift·c) mod 256.
 *
 * @example
 * ```ts
 * import { cifarRecord } from './cifar-record';
 * console.log(cifarRecord([3], 1).length); // 3073
 * ```
 */
export function cifarRecord(labels: number[], shift: number): Uint8Array {
  const record = new Uint8Array(labels.length + 3072);
  record.set(labels);
  for (let channel = 0; channel < 3; channel += 1) {
    for (let pixel = 0; pixel < 1024; pixel += 1)
      record[labels.length + channel * 1024 + pixel] = (pixel + shift * channel) % 256;
  }
  return record;
}
