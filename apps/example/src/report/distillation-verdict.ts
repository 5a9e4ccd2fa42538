import type { DistillationResults, GridCell } from './results';
import { tInterval } from './t-interval';

/** The rule that decides the distillation finding, fixed before any run. */
export const DISTILLATION_RULE =
  'The best hard-label-teacher cell (any T) and the best label-smoothed-teacher cell (any ε, any T) are chosen by ' +
  'mean held-out student accuracy. Reproduced when the 95 % t-interval over seeds of their paired test-accuracy ' +
  'difference (label-smoothed − hard-label) reaches 0: the label-smoothed teacher’s student is not above the ' +
  'hard-label teacher’s by more than the interval.';

function best(cells: GridCell[]): GridCell {
  return cells.reduce((winner, cell) =>
    cell.student.heldOutAccuracy.mean > winner.student.heldOutAccuracy.mean ? cell : winner,
  );
}

const key = (cell: GridCell) => ({ kind: cell.kind, epsilon: cell.epsilon, temperature: cell.temperature });

/**
 * Applies {@link DISTILLATION_RULE} to a grid: picks the best cell of each teacher kind and of each teacher by mean
 * held-out student accuracy (the test split plays no part in any choice), and compares the two kinds' best cells seed
 * by seed on the test split. `reproduced` is `null` with a single seed (no interval); `hardLabelAhead` says whether
 * the whole interval lies below 0. Ties go to the earlier cell (lower ε, lower T).
 *
 * @example
 * ```ts
 * import { judgeDistillation } from './distillation-verdict';
 * // const verdict = judgeDistillation(results.distillation.grid);
 * ```
 */
export function judgeDistillation(grid: GridCell[]): DistillationResults['verdict'] {
  const hard = best(grid.filter((cell) => cell.kind === 'hard-label'));
  const smoothed = best(grid.filter((cell) => cell.kind === 'label-smoothed'));
  const values = smoothed.student.accuracy.values.map(
    (accuracy, seed) => accuracy - (hard.student.accuracy.values[seed] as number),
  );
  const interval = values.length >= 2 ? tInterval(values) : null;
  const epsilons = [...new Set(grid.map((cell) => cell.epsilon))];
  return {
    rule: DISTILLATION_RULE,
    hardLabel: key(hard),
    labelSmoothed: key(smoothed),
    bestTemperatures: epsilons.map((epsilon) => ({
      epsilon,
      temperature: best(grid.filter((cell) => cell.epsilon === epsilon)).temperature,
    })),
    difference: { values, interval },
    reproduced: interval === null ? null : interval.low <= 0,
    hardLabelAhead: interval !== null && interval.high < 0,
  };
}

/**
 * Whether `cell` is one of the two cells the verdict compares (the best hard-label and the best label-smoothed cell).
 *
 * @example
 * ```ts
 * import { isComparedCell } from './distillation-verdict';
 * // const marked = results.distillation.grid.filter((cell) => isComparedCell(results.distillation.verdict, cell));
 * ```
 */
export function isComparedCell(
  verdict: DistillationResults['verdict'],
  cell: { epsilon: number; temperature: number },
): boolean {
  return [verdict.hardLabel, verdict.labelSmoothed].some(
    (pick) => pick.epsilon === cell.epsilon && pick.temperature === cell.temperature,
  );
}
