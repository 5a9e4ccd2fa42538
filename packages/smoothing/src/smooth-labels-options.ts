import type { ClassVector } from './class-vector';

/** Options of `smoothLabels`. */
export interface SmoothLabelsOptions {
  /** Smoothing ε in [0, 1] (default 0.1): the target becomes (1−ε)·onehot + ε·prior. */
  epsilon?: number;
  /** The distribution to smooth towards (length `numClasses`); uniform 1/C by default. */
  prior?: ClassVector;
  /** Check on the host that labels are integers in [0, numClasses) (default true). */
  checks?: boolean;
}
