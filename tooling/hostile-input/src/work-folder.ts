import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder the suite's file-writing calls write into, and watches: a probe must leave it exactly as it found it.
 */
export const WORK_FOLDER = mkdtempSync(join(tmpdir(), 'softlabels-hostile-'));
