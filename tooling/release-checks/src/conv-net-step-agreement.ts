import type { ConvNetStep } from '../browser/conv-net-step';
import type { TensorSummary } from '../browser/tensor-summary';

/**
 * Relative tolerance of the conv-net step. Page and Node run the same kernels, but nothing promises that they add up
 * a convolution's or a pooling gradient's terms in the same order (Node may spread large calls over worker threads,
 * the page computes on its calling thread; and Chromium and Node are different V8 builds), and a
 * reordered float32 sum of n terms differs by up to about n·2⁻²⁴ of the terms' magnitudes (n is in the hundreds
 * here), which batch-norm's division by the batch deviation and the softmax then carry on. So each number is
 * compared relative to the scale its error comes from: the loss and a tensor's magnitudes relative to themselves, its
 * sum relative to its `absSum` and its entries relative to its `maxAbs` (a cancelling sum or a near-zero entry has no
 * meaningful relative error of its own). The other values of the check keep `close` (1e-5).
 */
export const CONV_NET_TOLERANCE = 1e-4;

function within(got: unknown, expected: number, scale: number): boolean {
  return typeof got === 'number' && Math.abs(got - expected) <= CONV_NET_TOLERANCE * Math.max(scale, Number.MIN_VALUE);
}

function summaryMismatches(label: string, got: unknown, expected: TensorSummary): string[] {
  if (typeof got !== 'object' || got === null) return [`${label}: missing`];
  const summary = got as Partial<TensorSummary>;
  if (JSON.stringify(summary.shape) !== JSON.stringify(expected.shape)) {
    return [`${label}.shape: ${JSON.stringify(summary.shape)} instead of ${JSON.stringify(expected.shape)}`];
  }
  const checks: [string, unknown, number, number][] = [
    ['absSum', summary.absSum, expected.absSum, expected.absSum],
    ['maxAbs', summary.maxAbs, expected.maxAbs, expected.maxAbs],
    ['sum', summary.sum, expected.sum, expected.absSum],
    ...expected.entries.map((entry, index): [string, unknown, number, number] => [
      `entries[${index}]`,
      summary.entries?.[index],
      entry,
      expected.maxAbs,
    ]),
  ];
  if (summary.entries?.length !== expected.entries.length) return [`${label}.entries: not ${expected.entries.length}`];
  return checks
    .filter(([, value, reference, scale]) => !within(value, reference, scale))
    .map(([name, value, reference]) => `${label}.${name}: ${String(value)} instead of ${reference}`);
}

/**
 * How `got` (the page's conv-net step, parsed from JSON) differs from `expected` (Node's) beyond
 * {@link CONV_NET_TOLERANCE}: one line per differing number, none when they agree.
 */
export function convNetStepMismatches(got: unknown, expected: ConvNetStep): string[] {
  if (typeof got !== 'object' || got === null) return ['missing from the page'];
  const step = got as Partial<ConvNetStep>;
  const gradients = (step.gradients ?? {}) as Record<string, unknown>;
  const extra = Object.keys(gradients).filter((name) => !(name in expected.gradients));
  return [
    ...(within(step.loss, expected.loss, Math.abs(expected.loss))
      ? []
      : [`loss: ${String(step.loss)} instead of ${expected.loss}`]),
    ...extra.map((name) => `gradients.${name}: not in Node's step`),
    ...Object.entries(expected.gradients).flatMap(([name, summary]) =>
      summaryMismatches(`gradients.${name}`, gradients[name], summary),
    ),
    ...summaryMismatches('updatedKernel', step.updatedKernel, expected.updatedKernel),
    ...summaryMismatches('predictions', step.predictions, expected.predictions),
  ];
}
