import { loadFixture } from '@softlabels/test-utils';

import { distillationPlotSpec, type DistillationPlotData } from '../charts/distillation-plot-spec';
import { eceByEpsilonSpec, type EceByEpsilonData } from '../charts/ece-by-epsilon-spec';
import { projectionScatterSpec, type ProjectionPanel } from '../charts/projection-scatter-spec';
import { reliabilityDiagramSpec, type ReliabilityDiagramData } from '../charts/reliability-diagram-spec';
import { trainingCurvesSpec, type TrainingRun } from '../charts/training-curves-spec';
import type { ChartSpec } from '../internal/chart-spec';

/** The measured demo data written by `tooling/reference/vis_fixtures.py --charts` (see the README pictures). */
export interface MeasuredChartData {
  projection: ProjectionPanel[];
  reliability: Record<string, ReliabilityDiagramData>;
  trainingCurves: TrainingRun[];
  distillation: DistillationPlotData;
  eceByEpsilon: EceByEpsilonData;
}

export const fashionMnistClasses = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export function measuredChartData(): MeasuredChartData {
  return loadFixture<MeasuredChartData>(import.meta.url, '../__fixtures__/charts.json');
}

/** The five charts of the README, built from the measured data. */
export function measuredCharts(data: MeasuredChartData = measuredChartData()): Record<string, ChartSpec> {
  return {
    projection: projectionScatterSpec(data.projection, { classNames: fashionMnistClasses }),
    reliability: reliabilityDiagramSpec(data.reliability.baseline!),
    trainingCurves: trainingCurvesSpec(data.trainingCurves, { metrics: ['loss', 'acc'] }),
    distillation: distillationPlotSpec(data.distillation),
    eceByEpsilon: eceByEpsilonSpec(data.eceByEpsilon),
  };
}
