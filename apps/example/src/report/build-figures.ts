import {
  distillationPlotSpec,
  eceByEpsilonSpec,
  projectionScatterSpec,
  reliabilityDiagramSpec,
  trainingCurvesSpec,
} from '@softlabels/vis';

import { eceByMethodSpec } from './ece-by-method-spec';
import type { CalibrationResults, DistillationResults, GridCell, Results } from './results';

type Spec = ReturnType<typeof eceByEpsilonSpec>;

/** A chart of the report: its id (file name under `figures/`), title and vega-lite spec. */
export interface FigureSpec {
  id: string;
  title: string;
  spec: Spec;
}

/** A dense per-epoch array (index = epoch − 1) with NaN where nothing was measured; the chart skips those. */
function perEpoch(epochs: number[], values: number[]): number[] {
  const dense = Array.from({ length: Math.max(0, ...epochs) }, () => Number.NaN);
  epochs.forEach((epoch, index) => {
    dense[epoch - 1] = values[index] as number;
  });
  return dense;
}

/**
 * The paper's Fig. 5 series: the hard-label teacher over T, the label-smoothed teachers at T = 1 over ε, and the
 * label-smoothed teachers at their best T (chosen on held-out accuracy) where that is not 1.
 */
function distillationSeries(distillation: DistillationResults): { series: string; cell: GridCell; label: string }[] {
  const { grid, verdict } = distillation;
  const bestT = (epsilon: number) => verdict.bestTemperatures.find((entry) => entry.epsilon === epsilon)?.temperature;
  return [
    ...grid
      .filter((cell) => cell.kind === 'hard-label')
      .map((cell) => ({ series: 'hard-label teacher', cell, label: `T=${cell.temperature}` })),
    ...grid
      .filter((cell) => cell.kind === 'label-smoothed' && cell.temperature === 1)
      .map((cell) => ({ series: 'LS teacher, T = 1', cell, label: `ε=${cell.epsilon}` })),
    ...grid
      .filter(
        (cell) => cell.kind === 'label-smoothed' && cell.temperature !== 1 && bestT(cell.epsilon) === cell.temperature,
      )
      .map((cell) => ({ series: 'LS teacher, best T', cell, label: `ε=${cell.epsilon} T=${cell.temperature}` })),
  ];
}

/**
 * The part of a figure id that names a row of results (`focal:flsd-53` → `focal-flsd-53`, `penalty:0.1` →
 * `penalty-0-1`): letters, digits and hyphens only, so that it is a file name and an HTML attribute as it is.
 *
 * @example
 * ```ts
 * import { figureSlug } from './build-figures';
 * console.log(figureSlug('penalty:0.1')); // penalty-0-1
 * ```
 */
export function figureSlug(id: string): string {
  return id.replace(/[^a-z0-9]+/gi, '-');
}

function reliability(diagram: CalibrationResults['reliability']['baseline'], title: string): Spec {
  return reliabilityDiagramSpec(diagram, { title, width: 300, height: 260 });
}

/**
 * Builds the report's charts with `@softlabels/vis` from the numbers in `results` (plain data only): ECE vs ε with
 * the temperature-scaling reference line, the ECE of every row of the calibration table, the reliability diagrams
 * (baseline, best ε, temperature scaling, each training-time alternative), the template-plane projections, and — when
 * stage 3 ran — student accuracy vs teacher γ and the mutual-information curves.
 *
 * @example
 * ```ts
 * import { buildFigures } from './build-figures';
 * // for (const { id, spec } of buildFigures(results)) …
 * ```
 */
export function buildFigures(results: Results): FigureSpec[] {
  const { calibration, representations, distillation, settings } = results;
  const seeds = settings.seeds;
  const figures: FigureSpec[] = [
    {
      id: 'ece-vs-epsilon',
      title: 'Test ECE against label-smoothing ε',
      spec: eceByEpsilonSpec(
        {
          measurements: calibration.perEpsilon.flatMap((entry) =>
            entry.ece.values.map((ece, index) => ({ epsilon: entry.epsilon, ece, seed: seeds[index] ?? index })),
          ),
          reference: { label: 'baseline + temperature scaling', values: calibration.temperatureScaling.ece.values },
        },
        { spread: 'standard-deviation', title: 'ECE (15 bins) vs label smoothing ε', width: 420, height: 260 },
      ),
    },
    {
      id: 'ece-by-method',
      title: 'Test ECE of every network and calibrator',
      spec: eceByMethodSpec(calibration),
    },
    {
      id: 'reliability-baseline',
      title: 'Reliability: baseline (ε = 0)',
      spec: reliability(calibration.reliability.baseline, 'Baseline (ε = 0)'),
    },
    {
      id: 'reliability-smoothing',
      title: `Reliability: label smoothing (ε = ${calibration.bestEpsilon})`,
      spec: reliability(calibration.reliability.bestLabelSmoothing, `Label smoothing (ε = ${calibration.bestEpsilon})`),
    },
    {
      id: 'reliability-temperature',
      title: 'Reliability: baseline + temperature scaling',
      spec: reliability(calibration.reliability.temperatureScaled, 'Temperature scaling'),
    },
    ...calibration.trainingAlternatives.map((entry) => ({
      id: `reliability-${figureSlug(entry.id)}`,
      title: `Reliability: ${entry.label}`,
      spec: reliability(entry.reliability, entry.label),
    })),
    ...representations.triples.map((triple) => ({
      id: `projections-${triple.name}`,
      title: `Penultimate-layer projections: ${triple.classes.map((label) => settings.classNames[label] ?? label).join(', ')}`,
      spec: projectionScatterSpec(
        triple.panels.map((panel) => ({
          title: `ε = ${panel.epsilon}, ${panel.split === 'train' ? 'training' : 'validation'}`,
          points: panel.points,
          vertices: panel.vertices,
        })),
        { classNames: settings.classNames, columns: 2, width: 260, height: 220 },
      ),
    })),
  ];
  if (distillation !== null) {
    figures.push({
      id: 'distillation',
      title: 'Student accuracy vs teacher smoothness',
      spec: distillationPlotSpec(
        {
          points: distillationSeries(distillation).flatMap(({ series, cell, label }) =>
            cell.student.accuracy.values.map((accuracy, index) => ({
              teacher: series,
              // One γ per teacher setting (its mean over seeds) so that the seeds of a setting form one point.
              gamma: cell.gamma.mean,
              accuracy,
              label,
              seed: seeds[index] ?? index,
            })),
          ),
          baseline: { label: 'student without teacher', values: distillation.studentAlone.hardLabels.accuracy.values },
        },
        { spread: 'standard-deviation', title: 'Student accuracy vs teacher γ', width: 420, height: 260 },
      ),
    });
    figures.push({
      id: 'mutual-information',
      title: 'Mutual information during training',
      spec: trainingCurvesSpec(
        distillation.mutualInformation.curves.map((curve) => ({
          name: curve.epsilon === 0 ? 'without LS' : `LS ε = ${curve.epsilon}`,
          history: { 'mutual information (nats)': perEpoch(curve.epochs, curve.values) },
        })),
        { metrics: ['mutual information (nats)'], title: 'Î(X; z_a − z_b) during training', width: 420, height: 240 },
      ),
    });
  }
  return figures;
}
