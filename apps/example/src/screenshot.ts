// `pnpm --filter @softlabels/example screenshot [report.html] [out.png]`: a full-page screenshot of a report in
// headless Chromium, for apps/example/docs/.
import { join, resolve } from 'node:path';

import { DEFAULT_OUT } from './options/prepare-example-options';
import { inspectReport } from './report/inspect-report';

const report = resolve(process.argv[2] ?? join(DEFAULT_OUT, 'report.html'));
const target = resolve(process.argv[3] ?? join(import.meta.dirname, '../docs/report.png'));
const { charts, errors } = await inspectReport(report, { screenshot: target });
console.log(
  `${target}: ${charts.length} charts (${charts.filter((chart) => chart.visible).length} visible), ${errors.length} page errors`,
);
