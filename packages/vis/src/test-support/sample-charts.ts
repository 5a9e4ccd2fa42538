import type { ChartSpec } from '../internal/chart-spec';
import { distillationPlotSpec } from '../charts/distillation-plot-spec';
import { eceByEpsilonSpec } from '../charts/ece-by-epsilon-spec';
import { projectionScatterSpec } from '../charts/projection-scatter-spec';
import { reliabilityDiagramSpec, type ReliabilityDiagramData } from '../charts/reliability-diagram-spec';
import { trainingCurvesSpec } from '../charts/training-curves-spec';

/** A small reliability diagram in the shape `@softlabels/calibration` returns (three bins, one empty: `null`s). */
export const sampleDiagram: ReliabilityDiagramData = {
  bins: [
    { lower: 0, upper: 1 / 3, count: 2, confidence: 0.3, accuracy: 0.5, gap: -0.2 },
    { lower: 1 / 3, upper: 2 / 3, count: 0, confidence: null, accuracy: null, gap: null },
    { lower: 2 / 3, upper: 1, count: 8, confidence: 0.9, accuracy: 0.75, gap: 0.15 },
  ],
  ece: 0.16,
  mce: 0.2,
  accuracy: 0.7,
  averageConfidence: 0.78,
  counts: [2, 0, 8],
  classIndex: null,
};

/** The five chart kinds built from small hand-made data, with the vega mark classes each must contain. */
export function sampleCharts(): { name: string; spec: ChartSpec; marks: string[] }[] {
  return [
    {
      name: 'projection scatter',
      spec: projectionScatterSpec(
        [
          {
            title: 'baseline, training',
            points: [
              { x: 0.1, y: 0.2, label: 0 },
              { x: 1.9, y: 0.1, label: 1 },
              { x: 0.4, y: 1.6, label: 5 },
            ],
            vertices: [
              { x: 0, y: 0, label: 0 },
              { x: 2, y: 0, label: 1 },
              { x: 0.5, y: 1.8, label: 5 },
            ],
          },
          {
            title: 'label smoothing, training',
            points: [
              { x: 0.3, y: 0.1, label: 0 },
              { x: 1, y: 0.4, label: 1 },
            ],
          },
        ],
        { classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal'] },
      ),
      marks: ['mark-symbol', 'mark-text'],
    },
    {
      name: 'reliability diagram',
      spec: reliabilityDiagramSpec(sampleDiagram),
      marks: ['mark-rect', 'mark-line', 'mark-rule'],
    },
    {
      name: 'training curves',
      spec: trainingCurvesSpec([
        { name: 'baseline', history: { loss: [1.2, 0.8, 0.6], val_loss: [1.1, 0.9, 0.85], acc: [0.6, 0.7, 0.8] } },
        {
          name: 'label smoothing',
          history: { loss: [1.4, 1.0, 0.9], val_loss: [1.2, 0.95, 0.9], acc: [0.55, 0.7, 0.78] },
        },
      ]),
      marks: ['mark-line', 'mark-symbol'],
    },
    {
      name: 'distillation plot',
      spec: distillationPlotSpec({
        points: [
          { teacher: 'hard-label teacher', gamma: 0.02, temperature: 1, accuracy: 0.825, seed: 0 },
          { teacher: 'hard-label teacher', gamma: 0.02, temperature: 1, accuracy: 0.831, seed: 1 },
          { teacher: 'hard-label teacher', gamma: 0.2, temperature: 4, accuracy: 0.833 },
          { teacher: 'label-smoothed teacher', gamma: 0.1, temperature: 1, accuracy: 0.828 },
        ],
        baseline: { label: 'student alone', values: [0.82, 0.818] },
      }),
      marks: ['mark-symbol', 'mark-rule', 'mark-line', 'mark-text', 'mark-rect'],
    },
    {
      name: 'ECE vs epsilon',
      spec: eceByEpsilonSpec({
        measurements: [
          { epsilon: 0, ece: 0.064 },
          { epsilon: 0, ece: 0.058 },
          { epsilon: 0.05, ece: 0.023 },
          { epsilon: 0.1, ece: 0.042 },
        ],
        reference: { label: 'temperature scaling', values: [0.019, 0.021] },
      }),
      marks: ['mark-symbol', 'mark-rule', 'mark-line', 'mark-text', 'mark-rect'],
    },
  ];
}
