import type { CalibrationResults, MetricInterval, Stat } from './results';

/** One row of the calibration table: a kind of network (or the baseline with a post-hoc calibrator) over seeds. */
export interface CalibrationRow {
  label: string;
  accuracy: Stat;
  /** `null` where it is infinite (a calibrated probability of 0 on a test label). */
  nll: Stat | null;
  ece: Stat;
  /** The bootstrap interval of seed 0's test ECE (the seed of the reliability diagrams). */
  eceInterval: MetricInterval;
  /** The temperature fitted on the held-out split, where the row's networks are not calibrated post hoc already. */
  temperature: Stat | null;
  eceAfterTemperature: Stat | null;
}

function seed0(intervals: MetricInterval[]): MetricInterval {
  return intervals[0] as MetricInterval;
}

/** A titled part of the calibration table. */
export interface CalibrationSection {
  title: string;
  /** A few words for a chart legend. */
  short: string;
  rows: CalibrationRow[];
}

/**
 * The calibration table, in sections: label smoothing (one row per ε, the baseline first, the best ε marked),
 * the training-time alternatives (when any were trained), and the post-hoc calibrators of the baseline. The HTML
 * report and the terminal summary both print these rows.
 *
 * @example
 * ```ts
 * import { calibrationSections } from './calibration-rows';
 * // for (const { title, rows } of calibrationSections(results.calibration)) …
 * ```
 */
export function calibrationSections(calibration: CalibrationResults): CalibrationSection[] {
  const sections: CalibrationSection[] = [
    {
      title: 'Label smoothing (ε)',
      short: 'label smoothing',
      rows: calibration.perEpsilon.map((entry) => ({
        label:
          entry.epsilon === 0
            ? 'ε = 0 (baseline)'
            : `ε = ${entry.epsilon}${entry.epsilon === calibration.bestEpsilon ? ' (best on held-out)' : ''}`,
        accuracy: entry.accuracy,
        nll: entry.nll,
        ece: entry.ece,
        eceInterval: seed0(entry.eceBootstrap),
        temperature: entry.temperature,
        eceAfterTemperature: entry.eceAfterTemperature,
      })),
    },
  ];
  if (calibration.trainingAlternatives.length > 0) {
    sections.push({
      title: 'Training-time alternatives',
      short: 'training-time alternatives',
      rows: calibration.trainingAlternatives.map((entry) => ({
        label: entry.label,
        accuracy: entry.accuracy,
        nll: entry.nll,
        ece: entry.ece,
        eceInterval: seed0(entry.eceBootstrap),
        temperature: entry.temperature,
        eceAfterTemperature: entry.eceAfterTemperature,
      })),
    });
  }
  const ts = calibration.temperatureScaling;
  sections.push({
    title: 'Post-hoc calibrators of the baseline (fitted on the held-out split)',
    short: 'post-hoc calibrators of the baseline',
    rows: [
      {
        label: 'temperature scaling',
        accuracy: ts.accuracy,
        nll: ts.nll,
        ece: ts.ece,
        eceInterval: seed0(ts.eceBootstrap),
        temperature: ts.temperature,
        eceAfterTemperature: null,
      },
      ...calibration.postHoc.map((entry) => ({
        label: entry.label,
        accuracy: entry.accuracy,
        nll: entry.nll,
        ece: entry.ece,
        eceInterval: seed0(entry.eceBootstrap),
        temperature: null,
        eceAfterTemperature: null,
      })),
    ],
  });
  return sections;
}
