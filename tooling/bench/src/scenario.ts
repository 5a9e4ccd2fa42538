import type { Measurement, Repeats } from './measure';

/** One contestant's figure in a scenario: ours, or a peer (tfjs built-in ops, PyTorch). */
export interface Entry {
  /** 'ours', or the peer's name ('tfjs', 'torch'). */
  name: string;
  /** What exactly ran. */
  label: string;
  measurement: Measurement | undefined;
  /** Why there is no measurement, or a remark. */
  note?: string;
  /** Scenario-specific figures (final NLL, temperature, ECE, breakdowns). */
  details?: Record<string, number>;
}

/** A performance target: ours / peer ≤ maxRatio. */
export interface Target {
  peer: string;
  maxRatio: number;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  id: string;
  title: string;
  size: string;
  entries: Entry[];
  targets: Target[];
}

/** What every scenario function gets. */
export interface ScenarioContext {
  repeats: Repeats;
  /** Reports progress inside a scenario (e.g. 'tfjs'), for the progress bar. */
  step: (label: string) => void;
}
