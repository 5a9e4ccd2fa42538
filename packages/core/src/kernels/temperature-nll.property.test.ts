import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  classCounts,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  type Placement,
  placeArray,
  realiseValues,
  SeededValues,
  temperatureNllReference,
  thresholdShape,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { createTemperatureNll, type TemperatureNllResult } from './create-temperature-nll';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { temperatureNll } from './temperature-nll';
import { viewTensorData } from './view-tensor-data';

/** One case: shapes, seeds, the log temperatures to evaluate at, and where the arrays lie. */
interface TemperatureCase {
  rows: number;
  classes: number;
  logits: ValueRecipe;
  labelSeed: number;
  logTemperatures: number[];
  placement: Placement;
  shift: number;
  filler: number;
}

const logTemperature = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, -80, 80, Math.log(1.5)) },
  { weight: 4, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -80, max: 80, noNaN: true }) },
);

function temperatureCase(shape: fc.Arbitrary<{ rows: number; classes: number }>): fc.Arbitrary<TemperatureCase> {
  return fc
    .record({
      shape,
      logits: valueRecipe(),
      labelSeed: fc.nat(),
      logTemperatures: fc.array(logTemperature, { minLength: 1, maxLength: 4 }),
      placement: fc.constantFrom('slabs' as const, 'tensors' as const, 'host' as const),
      shift: fc.nat({ max: 5 }),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape, ...rest }) => ({ ...shape, ...rest }));
}

const smallTemperatureShape = fc.record({
  rows: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(0, 1) },
    { weight: 4, arbitrary: fc.integer({ min: 2, max: 60 }) },
  ),
  classes: classCounts(300),
});

function realiseTemperatureCase(spec: TemperatureCase): { logits: Float32Array; labels: Int32Array } {
  const random = new SeededValues(spec.labelSeed);
  return {
    logits: realiseValues(spec.logits, spec.rows * spec.classes, spec.classes),
    labels: Int32Array.from({ length: spec.rows }, () => random.int(spec.classes)),
  };
}

/**
 * Whether some logit difference times 1/T leaves float32's range at `logTemperature` (the kernel's lanes are float32):
 * there the objective may be rejected as not finite instead of computed.
 */
function beyondFloat32(logits: Float32Array, rows: number, classes: number, logTemperature: number): boolean {
  let spread = 0;
  for (let row = 0; row < rows; row += 1) {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c += 1) {
      low = Math.min(low, logits[row * classes + c] as number);
      high = Math.max(high, logits[row * classes + c] as number);
    }
    spread = Math.max(spread, high - low);
  }
  return spread * Math.exp(-logTemperature) > 1e37;
}

/**
 * Checks `result` against the float64 reference at `logTemperature`; where float32 cannot hold the scaled logits an
 * InvalidArgumentError (`failure`) is accepted instead. Error bounds: the size of each sum's terms, plus 1e-6 per row.
 */
function checkTemperatureResult(
  context: string,
  data: { logits: Float32Array; labels: Int32Array },
  rows: number,
  classes: number,
  logTemperature: number,
  evaluate: () => TemperatureNllResult,
): TemperatureNllResult | undefined {
  let result: TemperatureNllResult | undefined;
  try {
    result = evaluate();
  } catch (error) {
    if (InvalidArgumentError.isInstance(error) && beyondFloat32(data.logits, rows, classes, logTemperature))
      return undefined;
    throw error;
  }
  const reference = temperatureNllReference(data.logits, rows, classes, data.labels, logTemperature);
  const perRow = 0.1 * rows;
  const at = `${context} at log T = ${logTemperature}`;
  expectWithin(`${at}: value`, [result.value], [reference.value], FLOAT32_BOUND, [reference.magnitude.value + perRow]);
  expectWithin(`${at}: derivative`, [result.derivative], [reference.derivative], FLOAT32_BOUND, [
    reference.magnitude.derivative + perRow,
  ]);
  expectWithin(`${at}: second derivative`, [result.secondDerivative], [reference.secondDerivative], FLOAT32_BOUND, [
    reference.magnitude.secondDerivative + perRow,
  ]);
  return result;
}

function checkTemperatureNll(spec: TemperatureCase): void {
  const data = realiseTemperatureCase(spec);
  expectNoTensorLeak('temperatureNll', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const logits = placeArray(spec.placement, layout, data.logits, 'logits', spec.shift, viewTensorData);
      const labels = placeArray(spec.placement, layout, data.labels, 'labels', spec.shift, viewTensorData);
      for (const logTemperature of spec.logTemperatures) {
        checkTemperatureResult('temperatureNll', data, spec.rows, spec.classes, logTemperature, () =>
          temperatureNll({
            logits: logits.view(),
            rows: spec.rows,
            classes: spec.classes,
            labels: labels.view(),
            logTemperature,
          }),
        );
        layout.check('temperatureNll');
      }
      expectSameBits('logits after the calls', logits.read(), data.logits);
      expectSameBits('labels after the calls', labels.read(), data.labels);
      expectUnrelatedOpsIntact('temperatureNll');
    } finally {
      layout.dispose();
    }
  });
}

function checkCreateTemperatureNll(spec: TemperatureCase): void {
  const data = realiseTemperatureCase(spec);
  expectNoTensorLeak('createTemperatureNll', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const logits = placeArray(spec.placement, layout, data.logits.slice(), 'logits', spec.shift, viewTensorData);
      const labels = placeArray(spec.placement, layout, data.labels.slice(), 'labels', spec.shift, viewTensorData);
      const objective = createTemperatureNll({
        logits: logits.view(),
        rows: spec.rows,
        classes: spec.classes,
        labels: labels.view(),
      });
      // The data was copied: overwriting the arrays it came from changes nothing.
      logits.view().fill(Number.NaN);
      labels.view().fill(-1);
      for (const logTemperature of spec.logTemperatures) {
        const first = checkTemperatureResult(
          'createTemperatureNll',
          data,
          spec.rows,
          spec.classes,
          logTemperature,
          () => objective(logTemperature),
        );
        if (first !== undefined) {
          // A pure function of log T: the same call gives the same bits.
          const again = objective(logTemperature);
          expectSameBits(
            `createTemperatureNll at log T = ${logTemperature}, called twice`,
            [again.value, again.derivative, again.secondDerivative],
            [first.value, first.derivative, first.secondDerivative],
          );
        }
        layout.check('createTemperatureNll');
      }
      expectUnrelatedOpsIntact('createTemperatureNll');
    } finally {
      layout.dispose();
    }
  });
}

interface NonFiniteCase {
  spec: TemperatureCase;
  at: number;
  value: number;
}

const nonFiniteCase: fc.Arbitrary<NonFiniteCase> = fc
  .record({
    spec: temperatureCase(fc.record({ rows: fc.integer({ min: 1, max: 30 }), classes: classCounts(70) })),
    at: fc.nat(),
    value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  })
  .map((entry) => ({ ...entry, at: entry.at % (entry.spec.rows * entry.spec.classes) }));

function checkNonFinite({ spec, at, value }: NonFiniteCase): void {
  const data = realiseTemperatureCase(spec);
  data.logits[at] = value;
  const row = Math.floor(at / spec.classes);
  const column = at % spec.classes;
  expectNoTensorLeak('temperatureNll (non-finite logits)', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const logits = placeArray(spec.placement, layout, data.logits, 'logits', spec.shift, viewTensorData);
      const labels = placeArray(spec.placement, layout, data.labels, 'labels', spec.shift, viewTensorData);
      const options = { logits: logits.view(), rows: spec.rows, classes: spec.classes, labels: labels.view() };
      const calls: Array<[string, () => unknown]> = [
        ['temperatureNll', () => temperatureNll({ ...options, logTemperature: spec.logTemperatures[0] as number })],
        ['createTemperatureNll', () => createTemperatureNll(options)(spec.logTemperatures[0] as number)],
      ];
      for (const [name, call] of calls) {
        let failure: unknown;
        try {
          call();
        } catch (error) {
          failure = error;
        }
        if (!InvalidArgumentError.isInstance(failure) || !failure.message.includes(`row ${row}, column ${column}`)) {
          throw new Error(
            `${name}: a ${value} at row ${row}, column ${column} gave ${failure === undefined ? 'no error' : String(failure)}`,
          );
        }
      }
      layout.check('temperatureNll (non-finite logits)');
      expectUnrelatedOpsIntact('temperatureNll (non-finite logits)');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `temperatureNll and createTemperatureNll properties (${tf.getBackend()})`,
  setup: async () => {
    setKernelThreads('auto');
    await startKernelThreads();
  },
  properties: [
    {
      name: 'temperatureNll gives the float64 NLL and its log-T derivatives, leaving other memory alone',
      arbitrary: temperatureCase(smallTemperatureShape),
      check: checkTemperatureNll,
      runs: 200,
    },
    {
      name: 'createTemperatureNll gives the same from its own copy of the data, call after call',
      arbitrary: temperatureCase(smallTemperatureShape),
      check: checkCreateTemperatureNll,
      runs: 150,
    },
    {
      name: 'both do so just below, at and above the thread threshold',
      arbitrary: temperatureCase(thresholdShape()),
      check: (spec: TemperatureCase) => {
        checkTemperatureNll(spec);
        checkCreateTemperatureNll(spec);
      },
      runs: 4,
    },
    {
      name: 'both reject a NaN or ±∞ logit, naming its row and column',
      arbitrary: nonFiniteCase,
      check: checkNonFinite,
      runs: 40,
    },
  ],
});
