import type { ReliabilityDiagram } from '@softlabels/calibration';
import type { BackendInfo } from '@softlabels/core';

import type { NetworkKind } from './create-network';
import type { Dataset } from './dataset';

/** What the page asks of the training worker. */
export type WorkerRequest =
  | { type: 'init'; dataset: Dataset }
  | { type: 'start'; model: NetworkKind; alpha: number; epochs: number; classes: [number, number, number] }
  | { type: 'pause' }
  | { type: 'reset' }
  | { type: 'export' }
  | {
      type: 'distil';
      /** The teacher: 0 for the α = 0 network, 1 for the chosen α one. */
      teacher: 0 | 1;
      temperature: number;
      epochs: number;
      /** The two classes the teacher's Î is measured on. */
      classes: [number, number];
    };

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

/** One distillation run: its setting, the teacher's γ and Î, the student's accuracy and the student alone's. */
export interface DistillationRun {
  model: NetworkKind;
  teacherAlpha: number;
  temperature: number;
  epochs: number;
  gamma: number;
  mutualInformation: number;
  studentAccuracy: number;
  /** The same student trained on the labels alone for as many epochs. */
  studentAloneAccuracy: number;
  seconds: number;
}

/** What the worker reports. */
export type WorkerMessage =
  /** `threadedBuild`: whether tfjs-backend-wasm loaded its threaded build (the page is cross-origin isolated). */
  | { type: 'ready'; backend: BackendInfo; threadedBuild: boolean }
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
  | { type: 'distil-progress'; stage: 'student alone' | 'student'; fraction: number }
  | { type: 'distilled'; run: DistillationRun }
  | {
      type: 'exported';
      model: NetworkKind;
      alpha: number;
      weights: Array<{ shape: number[]; values: Float32Array }>;
    }
  | { type: 'error'; message: string };
