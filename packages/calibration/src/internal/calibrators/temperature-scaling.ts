/** Temperature scaling as a `fitCalibrator` method: the search of `fitTemperature`, on float64 host passes. */
import { checkNumber, readOptions, TEMPERATURE_RANGE } from '@softlabels/core';
import { fitTemperatureRows } from '../fit-temperature-rows';
import type { MethodDefinition } from './method-definition';
import { meanNllOfRows, probabilityRows } from './row-transforms';

interface TemperatureParameters {
  temperature: number;
}

/**
 * softmax(z / T) with the T of `fitTemperature`'s defaults (T in [0.01, 100], start 1, at most 50 passes, stopping
 * once a Newton step in log T is at most `tolerance`, default 1e-9), in float64.
 */
export const temperatureScalingMethod: MethodDefinition<TemperatureParameters> = {
  method: 'temperature',
  accepts: ['logits'],
  iterative: true,
  optionKeys: [],
  fit(rows, _options, settings) {
    const fit = fitTemperatureRows(rows, {
      initialTemperature: 1,
      minTemperature: 0.01,
      maxTemperature: 100,
      maxIterations: settings.maxIterations ?? 50,
      tolerance: settings.tolerance ?? 1e-9,
      precision: 'float64',
    });
    return { parameters: { temperature: fit.temperature }, iterations: fit.iterations, converged: fit.converged };
  },
  apply: ({ temperature }, rows) => probabilityRows(rows, 1 / temperature),
  meanNll: ({ temperature }, rows) => meanNllOfRows(rows, 1 / temperature),
  toJson: ({ temperature }) => ({ temperature }),
  fromJson(value, _classes, name) {
    const record = readOptions(value, ['temperature'], name, 'json.parameters');
    return { temperature: checkNumber(record.temperature, 'json.parameters.temperature', name, TEMPERATURE_RANGE) };
  },
};
