import type { NumberConstraints } from '../validation/check-number';

/**
 * The range every temperature option takes, [10⁻⁴, 10⁴], as `checkNumber` constraints. Within it, dividing
 * float32 logits by T stays finite for logits up to ±3e34, the squared temperature that scales a distillation loss
 * stays finite (and non-zero), and T itself is a normal float32; below or above it softmax(z / T) and T² give 0, ∞ or
 * NaN for ordinary logits.
 *
 * @example
 * ```ts
 * import { checkNumber, TEMPERATURE_RANGE } from '@softlabels/core';
 *
 * const temperature = checkNumber(4, 'options.temperature', 'myLoss', TEMPERATURE_RANGE);
 * console.log(temperature, TEMPERATURE_RANGE); // 4 { min: 0.0001, max: 10000 }
 * ```
 */
export const TEMPERATURE_RANGE: Readonly<NumberConstraints> = Object.freeze({ min: 1e-4, max: 1e4 });
