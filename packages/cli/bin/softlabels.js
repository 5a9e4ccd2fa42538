#!/usr/bin/env node
// The `softlabels` command: the built CLI (run `pnpm --filter @softlabels/cli build` first in a checkout).
import '../dist/cli.js';
