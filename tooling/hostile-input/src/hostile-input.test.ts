import { rmSync, writeSync } from 'node:fs';

import * as calibration from '@softlabels/calibration';
import * as core from '@softlabels/core';
import * as kernels from '@softlabels/core/kernels';
import * as distillation from '@softlabels/distillation';
import * as smoothing from '@softlabels/smoothing';
import * as vis from '@softlabels/vis';
import { afterAll, describe, expect, it } from 'vitest';

import { calibrationCatalogue } from './catalogue/calibration-catalogue';
import { coreCatalogue } from './catalogue/core-catalogue';
import { distillationCatalogue } from './catalogue/distillation-catalogue';
import { kernelsCatalogue } from './catalogue/kernels-catalogue';
import { smoothingCatalogue } from './catalogue/smoothing-catalogue';
import { visCatalogue } from './catalogue/vis-catalogue';
import { callTargets } from './call-targets';
import type { Catalogue } from './export-entry';
import { discoverOptionKeys } from './discover-option-keys';
import { generateProbes } from './generate-probes';
import { referenceResult, runProbe } from './run-probe';
import { WORK_FOLDER } from './work-folder';
import { isDeeplyFrozen } from './is-deeply-frozen';

const modules: ReadonlyArray<[string, Record<string, unknown>, Catalogue]> = [
  ['@softlabels/core', core, coreCatalogue],
  ['@softlabels/core/kernels', kernels, kernelsCatalogue],
  ['@softlabels/calibration', calibration, calibrationCatalogue],
  ['@softlabels/smoothing', smoothing, smoothingCatalogue],
  ['@softlabels/distillation', distillation, distillationCatalogue],
  ['@softlabels/vis', vis, visCatalogue],
];

/** `SOFTLABELS_HOSTILE_TRACE=1` names each probe on stderr before it runs (to find one that crashes the process). */
const TRACE = process.env.SOFTLABELS_HOSTILE_TRACE === '1';

const tally = { exports: 0, targets: 0, probes: 0, failures: 0 };

afterAll(() => {
  rmSync(WORK_FOLDER, { recursive: true, force: true });
  console.log(
    `hostile input: ${tally.exports} exports (${tally.targets} functions, methods and constructors) × ` +
      `generated bad arguments = ${tally.probes} probes, ${tally.failures} failures`,
  );
});

describe.each(modules)('%s', (moduleName, namespace, catalogue) => {
  it('has a catalogue entry for every runtime export, and no entry for anything else', () => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(namespace).sort());
  });

  for (const [exportName, entry] of Object.entries(catalogue)) {
    tally.exports += 1;
    if (entry.kind === 'constant') {
      it(`${exportName} is deeply frozen`, () => {
        expect(isDeeplyFrozen(namespace[exportName])).toBe(true);
      });
      continue;
    }
    for (const { label, target, entry: functionEntry } of callTargets(exportName, namespace[exportName], entry)) {
      tally.targets += 1;
      it(`${label}: every bad argument gets a typed error naming it, and leaves nothing behind`, async () => {
        const validArgs = (): unknown[] => functionEntry.args.map((argument) => argument.valid());
        const reference = await referenceResult(target, validArgs, functionEntry.refusedHere);
        const optionKeys = await discoverOptionKeys(target, functionEntry);
        const failures: string[] = [];
        for (const probe of generateProbes(functionEntry, optionKeys)) {
          tally.probes += 1;
          if (TRACE) writeSync(2, `hostile input: ${moduleName} ${label}: ${probe.label}\n`);
          const found = await runProbe(probe, target, validArgs, reference, WORK_FOLDER);
          if (found.length > 0) failures.push(`${probe.label}: ${found.join('; ')}`);
        }
        tally.failures += failures.length;
        expect(failures, `${moduleName} ${label}`).toEqual([]);
      }, 600_000);
    }
  }
});
