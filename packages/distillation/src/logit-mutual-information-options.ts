/**
 * Options of {@link logitMutualInformation}.
 *
 * @example
 * ```ts
 * import type { LogitMutualInformationOptions } from '@softlabels/distillation';
 *
 * const options: LogitMutualInformationOptions = { units: 'bits' };
 * console.log(options.units); // bits
 * ```
 */
export interface LogitMutualInformationOptions {
  /** `'nats'` (default, natural log as in the paper) or `'bits'`. */
  units?: 'nats' | 'bits';
}
