import type { CalibrationResults, DistillationResults, Finding, RepresentationResults } from './results';

const f3 = (value: number): string => value.toFixed(3);
const pct = (value: number): string => `${(100 * value).toFixed(2)}%`;

/** ECE counts as "well below" the baseline's when it is at most this fraction of it. */
export const WELL_BELOW = 0.6;

/**
 * States, from fixed criteria decided before any run (never by looking at seeds), whether each of the paper's three
 * findings reproduces, with the numbers:
 * 1. calibration — the best-ε (chosen on held-out ECE) and the temperature-scaled ECE are both ≤ 0.6 × baseline ECE;
 * 2. representations — the largest ε gives a lower tightness ratio than the baseline on training and validation images;
 * 3. distillation — the best student of a label-smoothed teacher is not more accurate than the best student of a
 *    hard-label teacher (means over seeds).
 *
 * @example
 * ```ts
 * import { decideFindings } from './findings';
 * // const findings = decideFindings(results.calibration, results.representations, results.distillation);
 * ```
 */
export function decideFindings(
  calibration: CalibrationResults,
  representations: RepresentationResults,
  distillation: DistillationResults | null,
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
  const base = representations.perEpsilon[0] as RepresentationResults['perEpsilon'][number];
  const smooth = representations.perEpsilon.at(-1) as RepresentationResults['perEpsilon'][number];
  findings.push({
    id: 'representations',
    title: 'Label smoothing makes penultimate-layer clusters tighter',
    reproduced:
      smooth.trainTightness.mean < base.trainTightness.mean &&
      smooth.validationTightness.mean < base.validationTightness.mean,
    summary:
      `Tightness ratio (spread / centroid distance, lower is tighter), ε 0 → ε ${smooth.epsilon}: ` +
      `train ${f3(base.trainTightness.mean)} → ${f3(smooth.trainTightness.mean)} ` +
      `(×${(smooth.trainTightness.mean / base.trainTightness.mean).toFixed(2)}), ` +
      `validation ${f3(base.validationTightness.mean)} → ${f3(smooth.validationTightness.mean)} ` +
      `(×${(smooth.validationTightness.mean / base.validationTightness.mean).toFixed(2)}).`,
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
  const pick = (kind: 'hard-label' | 'label-smoothed') =>
    distillation.teachers
      .filter((teacher) => teacher.kind === kind)
      .reduce((winner, teacher) => (teacher.studentAccuracy.mean > winner.studentAccuracy.mean ? teacher : winner));
  const hard = pick('hard-label');
  const smoothed = pick('label-smoothed');
  const teachersMoreAccurate = smoothed.teacherAccuracy.mean > hard.teacherAccuracy.mean;
  findings.push({
    id: 'distillation',
    title: 'Label-smoothed teachers make worse teachers',
    reproduced: smoothed.studentAccuracy.mean <= hard.studentAccuracy.mean,
    summary:
      `Best student of a hard-label teacher (T ${hard.temperature}): ${pct(hard.studentAccuracy.mean)} ± ${pct(hard.studentAccuracy.sd)}; ` +
      `best student of a label-smoothed teacher (ε ${smoothed.epsilon}): ${pct(smoothed.studentAccuracy.mean)} ± ${pct(smoothed.studentAccuracy.sd)}; ` +
      `student without a teacher ${pct(distillation.studentAlone.mean)}. ` +
      `That LS teacher is ${teachersMoreAccurate ? 'more' : 'not more'} accurate than the hard-label one ` +
      `(${pct(smoothed.teacherAccuracy.mean)} vs ${pct(hard.teacherAccuracy.mean)}).`,
  });
  return findings;
}
