import { expectClose, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { RandomSource } from '../random/random-source';
import { createTemperatureNll, prepareTemperatureNllData } from './create-temperature-nll';
import { temperatureReference } from './internal/float64-reference';
import { prepareTemperatureNllOptions, temperatureNll } from './temperature-nll';

const seed = 72026;
const random = new RandomSource(seed);

describe(`temperatureNll against float64 central differences (seed ${seed})`, () => {
  it.each([
    { rows: 40, classes: 10, scale: 4, logTemperature: 0 },
    { rows: 25, classes: 103, scale: 6, logTemperature: Math.log(1.9) },
    { rows: 30, classes: 2, scale: 3, logTemperature: Math.log(0.4) },
    { rows: 10, classes: 1, scale: 3, logTemperature: 0.3 },
    { rows: 12, classes: 5, scale: 1e4, logTemperature: Math.log(3000) },
  ])('%o', ({ rows, classes, scale, logTemperature }) => {
    const logits = Float32Array.from({ length: rows * classes }, () => random.normal() * scale);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const result = temperatureNll({ logits, rows, classes, labels, logTemperature });
    const reference = temperatureReference(logits, rows, classes, labels, logTemperature);
    const size = Math.abs(reference.value) + rows * 1e-3;
    expectClose(result.value, reference.value, { relative: 1e-5, absolute: 1e-6 * rows });
    expectClose(result.derivative, reference.derivative, { relative: 1e-4, absolute: 1e-5 * size });
    expectClose(result.secondDerivative, reference.secondDerivative, { relative: 1e-3, absolute: 1e-4 * size });
  });
});

interface TorchTemperatureCase {
  name: string;
  rows: number;
  classes: number;
  logTemperature: number;
  logits: number[];
  labels: number[];
  value: number;
  derivative: number;
  secondDerivative: number;
}

const torchCases = loadFixture<{ temperature: TorchTemperatureCase[] }>(
  import.meta.url,
  './__fixtures__/kernels-torch.json',
).temperature;

describe('temperatureNll against PyTorch autograd (first and second derivative in log T)', () => {
  it.each(torchCases)('$name', (fixture) => {
    const result = temperatureNll({
      logits: Float32Array.from(fixture.logits),
      rows: fixture.rows,
      classes: fixture.classes,
      labels: Int32Array.from(fixture.labels),
      logTemperature: fixture.logTemperature,
    });
    expectClose(result.value, fixture.value, { relative: 1e-5 });
    expectClose(result.derivative, fixture.derivative, { relative: 1e-4, absolute: 1e-5 });
    expectClose(result.secondDerivative, fixture.secondDerivative, { relative: 1e-4, absolute: 1e-5 });
  });
});

describe('createTemperatureNll', () => {
  it('drives a Newton fit on log T to the minimum and keeps its own copy of the data', () => {
    const rows = 300;
    const classes = 8;
    // Over-confident logits: the right class wins 70 % of the time, but the scale says ~99 %.
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const logits = Float32Array.from({ length: rows * classes }, (_, index) => {
      const row = Math.floor(index / classes);
      const favoured = random.uniform() < 0.7 ? (labels[row] as number) : ((labels[row] as number) + 1) % classes;
      return (index % classes === favoured ? 8 : 0) + random.normal();
    });
    const objective = createTemperatureNll({ logits, rows, classes, labels });
    let logT = 0;
    for (let step = 0; step < 30; step += 1) {
      const { derivative, secondDerivative } = objective(logT);
      logT -= derivative / Math.max(secondDerivative, 1e-9);
    }
    expect(Math.abs(objective(logT).derivative)).toBeLessThan(1e-6 * rows);
    expect(objective(logT).secondDerivative).toBeGreaterThan(0);
    expect(Math.exp(logT)).toBeGreaterThan(1.5);
    const before = objective(logT).value;
    expect(before).toBeLessThan(objective(0).value);
    logits.fill(0);
    expect(objective(logT).value).toBe(before);
  });

  it('rejects bad data and temperatures', () => {
    const data = { logits: new Float32Array([1, Number.NaN]), rows: 1, classes: 2, labels: new Int32Array([0]) };
    expect(() => createTemperatureNll(data)(0)).toThrow(InvalidArgumentError);
    expect(() => createTemperatureNll(data)(0)).toThrow('row 0, column 1');
    const good = createTemperatureNll({ ...data, logits: new Float32Array([1, 0]) });
    expect(() => good(Number.NaN)).toThrow("'logTemperature' passed to 'createTemperatureNll'");
    expect(() => temperatureNll({ ...data, logTemperature: 100 })).toThrow(
      "'options.logTemperature' passed to 'temperatureNll'",
    );
    expect(() => createTemperatureNll({ ...data, labels: new Int32Array([2]) })).toThrow(InvalidArgumentError);
  });

  it('prepares data and options', () => {
    const data = { logits: new Float32Array([1, 0]), rows: 1, classes: 2, labels: new Int32Array([0]) };
    expect(prepareTemperatureNllData(data)).toEqual(data);
    expect(prepareTemperatureNllOptions({ ...data, logTemperature: 0.5 }).logTemperature).toBe(0.5);
    expect(() => prepareTemperatureNllOptions({ ...data })).toThrow('options.logTemperature');
  });
});
