import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  binnedError,
  type BinState,
  type Bound,
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  type CalibrationData,
  calibrationPrecision,
  classCandidates,
  definePropertySuite,
  expectNoTensorLeak,
  expectSomeBinning,
  expectUnrelatedOpsIntact,
  expectWithin,
  HeapLayout,
  realiseCalibrationCase,
  topLabelCandidates,
} from '@softlabels/test-utils';

import type { ReliabilityDiagramOptions } from './reliability-diagram-options';
import { reliabilityDiagram } from './reliability-diagram';
import type { CalibrationInput, LabelsInput } from './types';

/** One call: a batch, the options (undefined ones left out), and whether the call must grow the heap. */
interface DiagramCase {
  batch: CalibrationCase;
  bins: number | undefined;
  binning: 'uniform' | 'quantile' | undefined;
  /** A class for the one-vs-rest diagram (taken modulo the class count), or the top-label diagram. */
  classIndex: number | undefined;
  squeeze: boolean;
}

function diagramCase(batch: fc.Arbitrary<CalibrationCase>, squeeze: boolean): fc.Arbitrary<DiagramCase> {
  return fc
    .record({
      batch,
      bins: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 30 })),
      binning: fc.constantFrom(undefined, 'uniform' as const, 'quantile' as const),
      classIndex: fc.oneof(fc.constant(undefined), fc.nat()),
      squeeze: fc.constant(squeeze),
    })
    .map((spec) =>
      spec.classIndex === undefined
        ? spec
        : // The one-vs-rest diagram takes uniform bins only.
          {
            ...spec,
            classIndex: spec.classIndex % spec.batch.classes,
            binning: spec.binning === 'quantile' ? undefined : spec.binning,
          },
    );
}

/** Every field of the diagram against one binning of the reference. */
function expectDiagram(
  diagram: ReturnType<typeof reliabilityDiagram>,
  state: BinState,
  data: CalibrationData,
  classIndex: number | undefined,
  bound: Bound,
): void {
  const n = data.rows;
  const bins = state.count.length;
  if (diagram.bins.length !== bins) throw new Error(`${diagram.bins.length} bins, expected ${bins}`);
  expectWithin('counts', diagram.counts, state.count, { absolute: 0, relative: 0 });
  expectWithin(
    'bin counts',
    diagram.bins.map((bin) => bin.count),
    state.count,
    { absolute: 0, relative: 0 },
  );
  expectWithin(
    'lower edges',
    diagram.bins.map((bin) => bin.lower),
    state.edges.slice(0, bins),
    bound,
  );
  expectWithin(
    'upper edges',
    diagram.bins.map((bin) => bin.upper),
    state.edges.slice(1),
    bound,
  );
  const mean = (values: Float64Array, m: number) =>
    (state.count[m] as number) === 0 ? Number.NaN : (values[m] as number) / (state.count[m] as number);
  const orNaN = (value: number | null) => (value === null ? Number.NaN : value);
  const confidence = Array.from({ length: bins }, (_, m) => mean(state.sum, m));
  const accuracy = Array.from({ length: bins }, (_, m) => mean(state.positive, m));
  expectWithin(
    'bin confidences',
    diagram.bins.map((bin) => orNaN(bin.confidence)),
    confidence,
    bound,
  );
  expectWithin(
    'bin accuracies',
    diagram.bins.map((bin) => orNaN(bin.accuracy)),
    accuracy,
    bound,
  );
  expectWithin(
    'bin gaps',
    diagram.bins.map((bin) => orNaN(bin.gap)),
    confidence.map((value, m) => value - (accuracy[m] as number)),
    bound,
    confidence.map((value, m) => value + (accuracy[m] as number)),
  );
  expectWithin('ece', [diagram.ece], [binnedError(state, n, 'l1')], bound);
  expectWithin('mce', [diagram.mce], [binnedError(state, n, 'max')], bound);
  const positives = state.positive.reduce((sum, value) => sum + value, 0);
  const sum = state.sum.reduce((total, value) => total + value, 0);
  expectWithin('accuracy', [diagram.accuracy], [positives / n], bound);
  expectWithin('averageConfidence', [diagram.averageConfidence], [sum / n], bound);
  if (diagram.classIndex !== (classIndex ?? null))
    throw new Error(`classIndex ${diagram.classIndex}, expected ${classIndex ?? null}`);
}

function checkCase(spec: DiagramCase): void {
  const data = realiseCalibrationCase(spec.batch);
  const bins = spec.bins ?? 15;
  const options: ReliabilityDiagramOptions = {
    ...(spec.bins === undefined ? {} : { bins: spec.bins }),
    ...(spec.binning === undefined ? {} : { binning: spec.binning }),
    ...(spec.classIndex === undefined ? {} : { classIndex: spec.classIndex }),
  };
  for (const precision of ['float32', 'float64'] as const) {
    // The one-vs-rest diagram always bins float64 probabilities.
    const { bound, slack } = calibrationPrecision(data, precision === 'float32' && spec.classIndex === undefined);
    const candidates =
      spec.classIndex === undefined
        ? topLabelCandidates(data, bins, spec.binning ?? 'uniform', slack)
        : classCandidates(data, spec.classIndex, bins, slack);
    expectNoTensorLeak(`reliabilityDiagram (${precision})`, () => {
      const layout = new HeapLayout(spec.batch.filler);
      try {
        const { input, labels } = calibrationArguments(spec.batch, data, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        const diagram = reliabilityDiagram(input as CalibrationInput, labels as LabelsInput, { ...options, precision });
        expectSomeBinning(
          `reliabilityDiagram (${precision} pass)`,
          candidates,
          (state) => expectDiagram(diagram, state, data, spec.classIndex, bound),
          (state, ambiguous) => {
            // Too many rows next to an edge to list every binning: each moves a count by 1 and the ECE by at most 2/n.
            expectWithin('counts', diagram.counts, state.count, { absolute: ambiguous, relative: 0 });
            expectWithin('ece', [diagram.ece], [binnedError(state, data.rows, 'l1')], {
              ...bound,
              absolute: bound.absolute + (2 * ambiguous) / data.rows,
            });
          },
        );
        layout.check(`reliabilityDiagram (${precision})`);
        expectUnrelatedOpsIntact(`reliabilityDiagram (${precision})`);
      } finally {
        layout.dispose();
      }
    });
  }
}

definePropertySuite({
  name: `reliabilityDiagram properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'gives the float64 bins, ECE, MCE and averages, top-label and one-vs-rest, for every input form',
      arbitrary: diagramCase(calibrationCase(), false),
      check: checkCase,
      runs: 120,
    },
    {
      name: 'does so just below, at and above the thread threshold, also when the call must grow the heap',
      arbitrary: diagramCase(calibrationCase({ large: true }), true),
      check: checkCase,
      runs: 3,
    },
  ],
});
