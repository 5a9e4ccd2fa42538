import type * as tfl from '@tensorflow/tfjs-layers';

import type { Dataset } from '../data/load-dataset';
import type { Splits } from '../data/make-splits';
import type { ExampleOptions } from '../options/prepare-example-options';
import type { Progress } from '../report/progress';

/** What every stage reads: the options, the data, where to report progress, and the abort signal (Ctrl-C). */
export interface RunContext {
  options: ExampleOptions;
  dataset: Dataset;
  splits: Splits;
  progress: Progress;
  signal: AbortSignal;
}

/** One trained network of the ε sweep with its test and held-out logits (host arrays, `[rows, classes]`). */
export interface TrainedModel {
  seed: number;
  epsilon: number;
  model: tfl.LayersModel;
  testLogits: Float32Array;
  heldOutLogits: Float32Array;
  /** Seconds per training epoch (wall clock). */
  secondsPerEpoch: number;
}
