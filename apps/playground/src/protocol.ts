import type { ReliabilityDiagram } from '@softlabels/calibration';
import type { BackendInfo } from '@softlabels/core';

import type { Dataset } from './dataset';

/** What the page asks of the training worker. */
export type WorkerRequest =
  | { type: 'init'; dataset: Dataset }
  | { type: 'start'; alpha: number; epochs: number; classes: [number, number, number] }
  | { type: 'pause' }
  | { type: 'reset' }
  | { type: 'export' };

/** Calibration of one network on the test split, before and after temperature scaling. */
export interface CalibrationReport {
  alpha: number;
  accuracy: number;
  ece: number;
  temperature: number;
  eceAfterTemperature: number;
  reliability: ReliabilityDiagram;
  reliabilityAfterTemperature: ReliabilityDiagram;
}

/** A point of the template-plane projection. */
export interface PlanePoint {
  x: number;
  y: number;
  label: number;
}

/** What the worker reports. */
export type WorkerMessage =
  | { type: 'ready'; backend: BackendInfo }
  | { type: 'progress'; step: number; epoch: number; steps: number; loss: [number, number]; stepsPerSecond: number }
  | {
      type: 'epoch';
      epoch: number;
      /** Mean training loss of the epoch, per network. */
      trainingLoss: [number, number];
      calibration: [CalibrationReport, CalibrationReport];
      projection: { points: PlanePoint[]; vertices: PlanePoint[]; classes: [number, number, number] };
    }
  | { type: 'done'; steps: number; seconds: number }
  | { type: 'exported'; alpha: number; weights: Array<{ shape: number[]; values: Float32Array }> }
  | { type: 'error'; message: string };
