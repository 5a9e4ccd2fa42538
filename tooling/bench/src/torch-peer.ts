import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { CalibratorMethod } from '@softlabels/calibration';

import type { ConvKernelTorchOp } from './conv-kernel-cases';
import { runJsonProcess } from './json-process';
import type { Measurement, Repeats } from './measure';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../peers/torch_peer.py', import.meta.url));

/** A task for the PyTorch peer script (see peers/torch_peer.py). */
export type TorchTask =
  | { id: string; kind: 'lsce' | 'focal' | 'binary-focal' | 'confidence-penalty'; rows: number; classes: number }
  | { id: string; kind: 'ece' | 'temperature'; rows: number; classes: number; logitsPath: string; labelsPath: string }
  | {
      id: string;
      kind: 'calibrator';
      method: CalibratorMethod;
      rows: number;
      classes: number;
      logitsPath: string;
      labelsPath: string;
      /** Seconds after which the peer's L-BFGS fit stops, converged or not (its details then say stoppedAtBudget). */
      budgetSeconds?: number;
    }
  | { id: string; kind: 'mlp'; samples: number }
  | { id: string; kind: 'cnn' | 'resnet'; samples: number; imagesPath: string; labelsPath: string }
  | ({ id: string; kind: 'conv-kernel' } & ConvKernelTorchOp);

/** What the peer reports per task. */
export interface TorchResult {
  measurement: Measurement;
  details: Record<string, number>;
}

/** Why the PyTorch peer cannot run, or undefined when `/usr/bin/python3 -c 'import torch'` works. */
export function torchUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import torch (${probe.stderr.trim().split('\n').at(-1) ?? ''})`;
  return undefined;
}

/** Runs the tasks in one Python process (PyTorch CPU, 2 threads), relaying its progress lines to `onLine`. */
export async function runTorchPeer(
  tasks: TorchTask[],
  repeats: Repeats,
  onLine: (line: string) => void,
): Promise<{ version: string; results: Record<string, TorchResult> }> {
  const stdout = await runJsonProcess(
    'torch peer',
    PYTHON,
    [SCRIPT],
    { threads: 2, warmup: repeats.warmup, repeats: repeats.repeats, tasks },
    onLine,
  );
  const parsed = JSON.parse(stdout) as { torch: string; threads: number; results: Record<string, TorchResult> };
  return { version: `PyTorch ${parsed.torch}, ${parsed.threads} threads`, results: parsed.results };
}
