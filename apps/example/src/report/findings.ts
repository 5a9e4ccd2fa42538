import type { CalibrationResults, DistillationResults, Finding, RepresentationResults } from './results';

const f3 = (value: number): string => value.toFixed(3);
const pct = (value: number): string => `${(100 * value).toFixed(2)}%`;

/** ECE counts as "well below" the baseline's when it is at most this fraction of it. */
export const WELL_BELOW = 0.6;

/**
 * States, from fixed criteria decided before any run (never by looking at seeds), whether each of the paper's three
 * findings reproduces, with the numbers:
 * 1. calibration — the best-ε (chosen on held-out ECE) and the temperature-scaled ECE are both ≤ 0.6 × baseline ECE;
 * 2. representations — the largest ε gives a lower tightness ratio than the baseline on training and validation images,
 *    for both triples of classes;
 * 3. distillation — `DISTILLATION_RULE` of `distillation-verdict.ts`; the summary also says how close the mutual
 *    information ends to log N and log 2.
 *
 * @example
 * ```ts
 * import { decideFindings } from './findings';
 * // const findings = decideFindings(calibration, representations, distillation, dataset.classNames);
 * ```
 */
export function decideFindings(
  calibration: CalibrationResults,
  representations: RepresentationResults,
  distillation: DistillationResults | null,
  classNames: readonly string[],
): Finding[] {
  const baseline = calibration.perEpsilon[0] as CalibrationResults['perEpsilon'][number];
  const best = calibration.perEpsilon.find((entry) => entry.epsilon === calibration.bestEpsilon) ?? baseline;
  const ts = calibration.temperatureScaling;
  const calibrated = best.ece.mean <= WELL_BELOW * baseline.ece.mean && ts.ece.mean <= WELL_BELOW * baseline.ece.mean;
  const findings: Finding[] = [
    {
      id: 'calibration',
      title: 'Label smoothing calibrates about as well as temperature scaling',
      reproduced: calibrated,
      summary:
        `Baseline ECE ${f3(baseline.ece.mean)} ± ${f3(baseline.ece.sd)} (fitted T ${baseline.temperature.mean.toFixed(2)}: ` +
        `${baseline.temperature.mean > 1 ? 'over-confident' : 'not over-confident, the regime where the paper expects no gain from LS'}); ` +
        `label smoothing ε ${best.epsilon} ECE ${f3(best.ece.mean)} ± ${f3(best.ece.sd)}; ` +
        `temperature scaling ECE ${f3(ts.ece.mean)} ± ${f3(ts.ece.sd)}. ` +
        `Criterion: both ≤ ${WELL_BELOW} × baseline (${f3(WELL_BELOW * baseline.ece.mean)}). ` +
        `Accuracy: baseline ${pct(baseline.accuracy.mean)}, ε ${best.epsilon} ${pct(best.accuracy.mean)}.`,
    },
  ];
  const tighter = representations.triples.map((triple) => {
    const base = triple.perEpsilon[0] as RepresentationResults['triples'][number]['perEpsilon'][number];
    const smooth = triple.perEpsilon.at(-1) as RepresentationResults['triples'][number]['perEpsilon'][number];
    return {
      reproduced:
        smooth.trainTightness.mean < base.trainTightness.mean &&
        smooth.validationTightness.mean < base.validationTightness.mean,
      summary:
        `${triple.name} classes ${triple.classes.map((label) => classNames[label] ?? label).join(', ')}, ` +
        `ε 0 → ε ${smooth.epsilon}: train ${f3(base.trainTightness.mean)} → ${f3(smooth.trainTightness.mean)} ` +
        `(×${(smooth.trainTightness.mean / base.trainTightness.mean).toFixed(2)}), ` +
        `validation ${f3(base.validationTightness.mean)} → ${f3(smooth.validationTightness.mean)} ` +
        `(×${(smooth.validationTightness.mean / base.validationTightness.mean).toFixed(2)})`,
    };
  });
  findings.push({
    id: 'representations',
    title: 'Label smoothing makes penultimate-layer clusters tighter',
    reproduced: tighter.every((triple) => triple.reproduced),
    summary:
      `Tightness ratio (spread / centroid distance, lower is tighter; criterion: lower on training and validation ` +
      `images for both triples): ${tighter.map((triple) => triple.summary).join('; ')}.`,
  });
  if (distillation === null) {
    findings.push({
      id: 'distillation',
      title: 'Label-smoothed teachers make worse teachers',
      reproduced: null,
      summary: 'Stage 3 was skipped (--no-distillation).',
    });
    return findings;
  }
  const { verdict } = distillation;
  const cellOf = (wanted: { epsilon: number; temperature: number }) =>
    distillation.grid.find(
      (cell) => cell.epsilon === wanted.epsilon && cell.temperature === wanted.temperature,
    ) as DistillationResults['grid'][number];
  const hard = cellOf(verdict.hardLabel);
  const smoothed = cellOf(verdict.labelSmoothed);
  const interval = verdict.difference.interval;
  const points = (value: number) => `${(100 * value).toFixed(2)}`;
  const difference =
    interval === null
      ? `${points(verdict.difference.values[0] ?? Number.NaN)} points (one seed: no interval)`
      : `${points(interval.mean)} points, 95 % t-interval [${points(interval.low)}, ${points(interval.high)}]`;
  findings.push({
    id: 'distillation',
    title: 'Label-smoothed teachers make worse teachers',
    reproduced: verdict.reproduced,
    summary:
      `Best hard-label-teacher student (T ${hard.temperature}, chosen on held-out accuracy): ` +
      `${pct(hard.student.accuracy.mean)} ± ${pct(hard.student.accuracy.sd)}; best label-smoothed-teacher student ` +
      `(ε ${smoothed.epsilon}, T ${smoothed.temperature}): ${pct(smoothed.student.accuracy.mean)} ± ` +
      `${pct(smoothed.student.accuracy.sd)}; difference (LS − hard, paired by seed) ${difference}` +
      `${verdict.hardLabelAhead ? ': the hard-label teacher is better beyond the interval' : ''}. ` +
      `Teachers: ${pct(smoothed.teacherAccuracy.mean)} (LS) vs ${pct(hard.teacherAccuracy.mean)} (hard-label). ` +
      `Students alone: ${pct(distillation.studentAlone.hardLabels.accuracy.mean)} (hard labels), ` +
      `${pct(distillation.studentAlone.labelSmoothing.accuracy.mean)} (LS ε ${distillation.studentAlone.labelSmoothing.epsilon}). ` +
      `${mutualInformationEnds(distillation.mutualInformation)} Rule: ${verdict.rule}`,
  });
  return findings;
}

/** How close each mutual-information curve ends to its two reference levels, log N and log 2. */
function mutualInformationEnds(information: DistillationResults['mutualInformation']): string {
  const ends = information.curves.map((curve) => {
    const last = curve.values.at(-1) ?? Number.NaN;
    return (
      `ε ${curve.epsilon} ${last.toFixed(2)} nats (${((100 * last) / information.logN).toFixed(0)} % of log N, ` +
      `${(last / Math.LN2).toFixed(2)} × log 2)`
    );
  });
  return (
    `Mutual information at the end of training (N = ${information.examples}, log N = ${information.logN.toFixed(2)}, ` +
    `log 2 = ${Math.LN2.toFixed(2)}): ${ends.join('; ')}.`
  );
}
