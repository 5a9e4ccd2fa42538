import { calibrationSections } from './calibration-rows';
import { isComparedCell } from './distillation-verdict';
import type { DistillationResults, Results, Stat } from './results';

function cell(value: Stat, digits = 3, scale = 1): string {
  const mean = (value.mean * scale).toFixed(digits);
  return value.values.length > 1 ? `${mean} ± ${(value.sd * scale).toFixed(digits)}` : mean;
}

function grid(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((text, column) => text.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The plain-text summary printed at the end of a run: the calibration table's sections (label smoothing per ε,
 * training-time alternatives, post-hoc calibrators of the baseline: accuracy, NLL, ECE, fitted T, ECE after it), the
 * distillation rows, then each finding with its verdict.
 *
 * @example
 * ```ts
 * import { summaryTable } from './summary-table';
 * // console.log(summaryTable(results));
 * ```
 */
export function summaryTable(results: Results): string {
  const { calibration, representations, distillation } = results;
  const rows = [['', 'accuracy %', 'NLL', 'ECE', 'ECE 95 % (seed 0)', 'T', 'ECE after TS', 'tightness (train)']];
  const headings = new Map<number, string>();
  const dissimilar = representations.triples[0];
  calibrationSections(calibration).forEach(({ title, rows: entries }, section) => {
    headings.set(rows.length, title);
    entries.forEach((entry, index) => {
      const tight = section === 0 ? dissimilar?.perEpsilon[index] : undefined;
      rows.push([
        `  ${entry.label}`,
        cell(entry.accuracy, 2, 100),
        entry.nll === null ? '∞' : cell(entry.nll),
        cell(entry.ece),
        `[${entry.eceInterval.low.toFixed(3)}, ${entry.eceInterval.high.toFixed(3)}]`,
        entry.temperature === null ? '' : cell(entry.temperature, 2),
        entry.eceAfterTemperature === null ? '' : cell(entry.eceAfterTemperature),
        tight === undefined ? '' : cell(tight.trainTightness),
      ]);
    });
  });
  const lines = grid(rows).split('\n');
  const parts = [
    lines.flatMap((line, index) => [...(headings.has(index) ? [headings.get(index) as string] : []), line]).join('\n'),
  ];
  if (distillation !== null) {
    const students = [['student of', 'teacher accuracy %', 'γ', 'student accuracy %', '95 % interval']];
    const interval = (student: DistillationResults['studentAlone']['hardLabels']) =>
      student.interval === null
        ? ''
        : `[${(100 * student.interval.low).toFixed(2)}, ${(100 * student.interval.high).toFixed(2)}]`;
    const alone = distillation.studentAlone;
    students.push(['(no teacher)', '', '', cell(alone.hardLabels.accuracy, 2, 100), interval(alone.hardLabels)]);
    students.push([
      `(no teacher, LS ε = ${alone.labelSmoothing.epsilon})`,
      '',
      '',
      cell(alone.labelSmoothing.accuracy, 2, 100),
      interval(alone.labelSmoothing),
    ]);
    const { verdict } = distillation;
    for (const entry of distillation.grid) {
      const chosen = isComparedCell(verdict, entry);
      students.push([
        `${entry.kind === 'hard-label' ? 'hard-label' : `LS ε = ${entry.epsilon}`}, T = ${entry.temperature}${chosen ? ' (best)' : ''}`,
        cell(entry.teacherAccuracy, 2, 100),
        cell(entry.gamma),
        cell(entry.student.accuracy, 2, 100),
        interval(entry.student),
      ]);
    }
    parts.push(grid(students));
  }
  const verdict = (reproduced: boolean | null): string =>
    reproduced === null ? 'not run' : reproduced ? 'REPRODUCES' : 'does not reproduce at this scale';
  parts.push(
    results.findings
      .map((finding) => `${finding.title}: ${verdict(finding.reproduced)}\n  ${finding.summary}`)
      .join('\n'),
  );
  parts.push(
    `${results.settings.teacher.layers}; seeds ${results.settings.seeds.join(', ')}; ${results.settings.epochs} epochs; ` +
      `${results.timing.secondsPerEpoch.toFixed(2)} s/epoch; total ${results.timing.totalSeconds.toFixed(1)} s ` +
      `(CPU ${results.timing.cpuSeconds.toFixed(1)} s; ` +
      `${results.timing.stages.map((stage) => `${stage.name} ${stage.seconds.toFixed(1)} s`).join(', ')}); ` +
      `load average ${results.environment.loadAverageStart.map((value) => value.toFixed(1)).join('/')} → ` +
      `${results.environment.loadAverageEnd.map((value) => value.toFixed(1)).join('/')}`,
  );
  return parts.join('\n\n');
}
