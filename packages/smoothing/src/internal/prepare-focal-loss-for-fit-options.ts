import { checkBoolean, checkChoice, readClassVector, readOptions } from '@softlabels/core';
import type { FocalLossOptions } from '../focal-loss-options';
import type { FocalLossForFitOptions } from '../focal-loss-for-fit-options';
import { prepareFocalOptions } from './focal-options';

const NAME = 'focalLossForFit';
const KEYS = ['gamma', 'alpha', 'epsilon', 'reduction', 'fromLogits', 'checks'] as const;
const LOSS_REDUCTIONS = ['mean', 'sum'] as const;

/** Normalised {@link FocalLossForFitOptions}: the `focalLoss` options to call with, and `fromLogits`. */
export interface PreparedFocalLossForFitOptions {
  focal: FocalLossOptions;
  fromLogits: boolean;
}

/**
 * Validates the options of `focalLossForFit` once, when the loss is created (errors name `focalLossForFit`); α's
 * length is checked per call, against the predictions' classes, by `focalLoss`.
 */
export function prepareFocalLossForFitOptions(
  options: FocalLossForFitOptions | undefined,
): PreparedFocalLossForFitOptions {
  const record = readOptions(options, KEYS, NAME);
  const { gamma, alpha, epsilon, reduction = 'mean', fromLogits, checks } = record;
  // γ and ε are checked by prepareFocalOptions below; the cast only restores their declared type.
  const shared = {
    reduction: checkChoice(reduction, LOSS_REDUCTIONS, 'options.reduction', NAME),
    checks: checkBoolean(checks, true, 'options.checks', NAME),
    ...(gamma === undefined ? {} : { gamma }),
    ...(epsilon === undefined ? {} : { epsilon }),
  } as FocalLossOptions;
  // By focalLoss's own rules (α's length is not known yet, so α is read on its own).
  prepareFocalOptions(shared, 1, NAME);
  const focal = alpha === undefined ? shared : { ...shared, alpha: readClassVector(alpha, 'options.alpha', NAME) };
  return { focal, fromLogits: checkBoolean(fromLogits, true, 'options.fromLogits', NAME) };
}
