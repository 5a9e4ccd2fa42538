import type { ReliabilityDiagram } from '@softlabels/calibration';

import type { Stat } from './summarise';

/** Stage 1 numbers: per α, and the baseline after temperature scaling; diagrams of seed 0. */
export interface CalibrationResults {
  perAlpha: {
    alpha: number;
    accuracy: Stat;
    nll: Stat;
    ece: Stat;
    /** ECE on the held-out split (chooses the best α without looking at the test split). */
    heldOutEce: Stat;
    /** Temperature fitted on the held-out split for this α's networks (T > 1: over-confident). */
    temperature: Stat;
    eceAfterTemperature: Stat;
  }[];
  /** The baseline (α = 0) after temperature scaling with T fitted on the held-out split. */
  temperatureScaling: { temperature: Stat; ece: Stat; nll: Stat; accuracy: Stat };
  /** The α > 0 with the lowest mean held-out ECE. */
  bestAlpha: number;
  reliability: {
    baseline: ReliabilityDiagram;
    bestLabelSmoothing: ReliabilityDiagram;
    temperatureScaled: ReliabilityDiagram;
  };
}

/** A point of a template-plane projection. */
export interface PlanePoint {
  x: number;
  y: number;
  label: number;
}

/** Stage 2 numbers: tightness ratio per α (all seeds) and the projections of seed 0. */
export interface RepresentationResults {
  classes: [number, number, number];
  /** Images of each class per split. */
  examplesPerClass: number;
  perAlpha: { alpha: number; trainTightness: Stat; validationTightness: Stat }[];
  panels: { alpha: number; split: 'train' | 'validation'; points: PlanePoint[]; vertices: PlanePoint[] }[];
}

/** Stage 3 numbers. */
export interface DistillationResults {
  transferSize: number;
  studentHidden: number[];
  studentEpochs: number;
  /** The student trained on the transfer set's hard labels, without a teacher. */
  studentAlone: Stat;
  teachers: {
    kind: 'hard-label' | 'label-smoothed';
    alpha: number;
    temperature: number;
    teacherAccuracy: Stat;
    /** Teacher smoothness γ on the transfer set at this temperature. */
    gamma: Stat;
    studentAccuracy: Stat;
  }[];
  /** Î(X; z_a − z_b) during training of seed 0's teachers, with and without label smoothing. */
  mutualInformation: {
    classes: [number, number];
    examples: number;
    draws: number;
    logN: number;
    curves: { alpha: number; epochs: number[]; values: number[] }[];
  };
}

/** One of the paper's findings and whether this run reproduces it. */
export interface Finding {
  id: 'calibration' | 'representations' | 'distillation';
  title: string;
  /** `null` when the stage did not run. */
  reproduced: boolean | null;
  summary: string;
}

/** `results.json`; see `RESULTS_SCHEMA` in `results-schema.ts`. */
export interface Results {
  schemaVersion: 1;
  generatedAt: string;
  settings: {
    dataset: string;
    datasetSource: string;
    classNames: string[];
    backend: string;
    seeds: number[];
    epochs: number;
    trainSize: number;
    heldOutSize: number;
    testSize: number;
    alphas: number[];
    hidden: number[];
    batchSize: number;
    learningRate: number;
    quick: boolean;
    distillation: boolean;
    eceBins: number;
  };
  environment: {
    backend: { name: string; simd: boolean; threads: number; floatPrecision: number };
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    loadAverageStart: number[];
    loadAverageEnd: number[];
  };
  timing: {
    totalSeconds: number;
    /** CPU time of this process (user + system): what the run costs on an idle machine, whatever the load. */
    cpuSeconds: number;
    calibrationSeconds: number;
    representationsSeconds: number;
    distillationSeconds: number;
    secondsPerEpoch: number;
  };
  calibration: CalibrationResults;
  representations: RepresentationResults;
  distillation: DistillationResults | null;
  findings: Finding[];
  figures: { id: string; title: string; svg: string; png: string }[];
}
