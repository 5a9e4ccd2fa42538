import { loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { dirichletCalibrationMethod } from './dirichlet-calibration';
import type { MatrixParameters } from './linear-parameters';
import { matrixScalingMethod } from './matrix-scaling';
import type { MethodDefinition } from './method-definition';
import { meanNll } from './row-transforms';
import { vectorScalingMethod } from './vector-scaling';

interface Regularization {
  offDiagonal: number;
  intercept: number;
}

interface ReferenceFit {
  method: 'vector' | 'matrix' | 'dirichlet';
  regularization?: Regularization;
  nll: number;
  objective: number;
  gradient: number;
  probabilities: number[][];
}

interface Case {
  name: string;
  kind: 'logits' | 'probabilities';
  values: number[][];
  labels: number[];
  fits: ReferenceFit[];
}

const { cases } = loadFixture<{ cases: Case[] }>(import.meta.url, '../../__fixtures__/linear-calibrators.json');

const definitions: Record<ReferenceFit['method'], MethodDefinition<unknown>> = {
  vector: vectorScalingMethod as MethodDefinition<unknown>,
  matrix: matrixScalingMethod as MethodDefinition<unknown>,
  dirichlet: dirichletCalibrationMethod as MethodDefinition<unknown>,
};

/** ODIR of fitted matrix parameters, as the reference adds it to the mean NLL. */
function odir({ weights, bias }: MatrixParameters, { offDiagonal, intercept }: Regularization): number {
  const k = bias.length;
  let off = 0;
  for (let index = 0; index < k * k; index += 1) if (index % (k + 1) !== 0) off += weights[index]! ** 2;
  return (offDiagonal * off) / (k * (k - 1)) + (intercept * bias.reduce((sum, b) => sum + b * b, 0)) / k;
}

const fits = cases.flatMap((testCase) =>
  testCase.fits.map((reference) => ({
    name: `${testCase.name}: ${reference.method}${reference.regularization ? ` ODIR(${reference.regularization.offDiagonal}, ${reference.regularization.intercept})` : ''}`,
    testCase,
    reference,
  })),
);

describe('vector scaling, matrix scaling and Dirichlet calibration against the float64 PyTorch reference', () => {
  it.each(fits)('$name', ({ testCase, reference }) => {
    const rows = readLabelledInput({ [testCase.kind]: testCase.values }, testCase.labels, 'fitCalibrator', 1e-3);
    const definition = definitions[reference.method];
    const options = reference.regularization ? { regularization: reference.regularization } : {};
    const fit = definition.fit(rows, options, { maxIterations: undefined, tolerance: undefined });
    expect(fit.converged).toBe(true);
    const probabilities = definition.apply(fit.parameters, rows);
    const nll = meanNll(probabilities, rows.labels, rows.classes);
    const penalty = reference.regularization ? odir(fit.parameters as MatrixParameters, reference.regularization) : 0;
    expect(nll + penalty).toBeLessThanOrEqual(reference.objective + 1e-6);
    expect(reference.gradient).toBeLessThan(1e-10);
    let worst = 0;
    reference.probabilities.forEach((row, index) => {
      row.forEach((expected, k) => {
        worst = Math.max(worst, Math.abs(probabilities[index * rows.classes + k]! - expected));
      });
    });
    // The optimum's probabilities are unique (W and b are not: softmax ignores a shift per row); ours stop at a
    // gradient of 1e-8 (the default tolerance), the reference's below 1e-10: they agree within 1e-6 on every case.
    expect(worst).toBeLessThanOrEqual(2e-6);
  });
});
