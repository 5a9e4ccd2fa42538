/** Reads `Calibrator.toJSON()` output back into a calibrator's state, checking every field. */
import { checkChoice, checkNumber, InvalidArgumentError, readOptions } from '@softlabels/core';
import type { CalibratorDiagnostics } from '../../calibrator-types';
import { CALIBRATOR_METHODS, methodDefinition } from './method-registry';
import type { CalibratorState } from './calibrator-state';

const KEYS = ['format', 'version', 'method', 'classes', 'input', 'binary', 'parameters', 'diagnostics'] as const;
const DIAGNOSTIC_KEYS = ['iterations', 'converged', 'nllBefore', 'nllAfter'] as const;

/** The most classes a calibrator takes (the largest class vector of `@softlabels/core`'s label checks). */
export const MAX_CALIBRATOR_CLASSES = 1e6;

function parse(json: unknown, name: string): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'json',
      value: json.length > 40 ? `${json.slice(0, 40)}…` : json,
      expected: 'be Calibrator.toJSON() output or that output as a JSON string',
      got: `text that is not JSON (${(error as Error).message})`,
    });
  }
}

/** A required boolean field. */
function flag(value: unknown, parameter: string, name: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName: name, parameter, value, expected: 'be true or false' });
  }
  return value;
}

function readDiagnostics(value: unknown, name: string): CalibratorDiagnostics {
  const record = readOptions(value, DIAGNOSTIC_KEYS, name, 'json.diagnostics');
  const nll = (key: 'nllBefore' | 'nllAfter'): number =>
    checkNumber(record[key], `json.diagnostics.${key}`, name, { min: 0 });
  return {
    iterations: checkNumber(record.iterations, 'json.diagnostics.iterations', name, { min: 0, integer: true }),
    converged: flag(record.converged, 'json.diagnostics.converged', name),
    nllBefore: nll('nllBefore'),
    nllAfter: nll('nllAfter'),
  };
}

/**
 * Checks and reads a calibrator's JSON (an object, or its JSON text): the format tag, version 1, a known method, the
 * class count, an input kind the method takes, the binary flag (binary calibrators have 2 classes), the method's
 * parameters for that class count and the diagnostics. Errors are `InvalidArgumentError`s naming the field
 * (`json.parameters.a[2]`) and `name`, the function reading them.
 */
export function readCalibratorJson(json: unknown, name: string): CalibratorState {
  const parsed = parse(json, name);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'json',
      value: parsed,
      expected: 'be Calibrator.toJSON() output or that output as a JSON string',
    });
  }
  const record = readOptions(parsed, KEYS, name, 'json');
  if (record.format !== 'softlabels-calibrator') {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'json.format',
      value: record.format,
      expected: "be 'softlabels-calibrator'",
    });
  }
  if (record.version !== 1) {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'json.version',
      value: record.version,
      expected: 'be 1, the version this @softlabels/calibration reads',
      ...(typeof record.version === 'number' && record.version > 1
        ? { got: `version ${record.version}, written by a newer @softlabels/calibration` }
        : {}),
    });
  }
  const method = checkChoice(record.method, CALIBRATOR_METHODS, 'json.method', name);
  const definition = methodDefinition(method);
  const classes = checkNumber(record.classes, 'json.classes', name, {
    min: 2,
    max: MAX_CALIBRATOR_CLASSES,
    integer: true,
  });
  const input = checkChoice(record.input, definition.accepts, 'json.input', name);
  const binary = flag(record.binary, 'json.binary', name);
  if (binary && classes !== 2) {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'json.binary',
      value: binary,
      expected: `be false for ${classes} classes (the binary form has 2)`,
    });
  }
  return {
    method,
    classes,
    input,
    binary,
    parameters: definition.fromJson(record.parameters, classes, name),
    diagnostics: readDiagnostics(record.diagnostics, name),
  };
}
