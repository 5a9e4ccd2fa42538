import type { ScenarioResult } from './scenario';

/** ours / peer for a scenario, or undefined when either is missing. */
export function ratio(scenario: ScenarioResult, peer: string, ours = 'ours'): number | undefined {
  const mine = scenario.entries.find((entry) => entry.name === ours)?.measurement?.medianMs;
  const theirs = scenario.entries.find((entry) => entry.name === peer)?.measurement?.medianMs;
  return mine === undefined || theirs === undefined ? undefined : mine / theirs;
}

/** Whether each target of a scenario is met ('n/a' when the peer did not run). Temperature also needs NLL ≤ peer + 1e-6. */
export function targetVerdicts(
  scenario: ScenarioResult,
): Array<{ target: string; ratio: number | undefined; met: boolean | 'n/a' }> {
  return scenario.targets.map(({ peer, maxRatio }) => {
    const value = ratio(scenario, peer);
    let met: boolean | 'n/a' = value === undefined ? 'n/a' : value <= maxRatio;
    const ours = scenario.entries.find((entry) => entry.name === 'ours')?.details;
    if (met === true && ours?.nllAtPeerTemperature !== undefined) {
      met = (ours.nll as number) <= ours.nllAtPeerTemperature + 1e-6;
    }
    const bound = maxRatio < 0.1 ? `1/${Math.round(1 / maxRatio)}` : String(maxRatio);
    return { target: `≤ ${bound}× ${peer}`, ratio: value, met };
  });
}

function format(milliseconds: number | undefined): string {
  if (milliseconds === undefined) return '—';
  return milliseconds >= 100 ? milliseconds.toFixed(0) : milliseconds.toFixed(2);
}

/** The peers a scenario has besides ours (and our variants), tfjs and PyTorch, which have columns of their own. */
function otherPeers(scenario: ScenarioResult): ScenarioResult['entries'] {
  return scenario.entries.filter(
    (entry) => !entry.name.startsWith('ours') && entry.name !== 'tfjs' && entry.name !== 'torch',
  );
}

function peakRss(details: Record<string, number> | undefined): string {
  return details?.peakRssMB === undefined ? '' : `, peak RSS ${details.peakRssMB.toFixed(0)} MB`;
}

/**
 * The cell of the other peers of a scenario: ours' peak RSS where measured, then each peer's median, the ratio
 * ours/peer and its peak RSS (or why it did not run); empty when the scenario has none of these.
 */
function otherPeersCell(scenario: ScenarioResult): string {
  const parts: string[] = [];
  const ours = scenario.entries.find((entry) => entry.name === 'ours');
  if (ours?.details?.peakRssMB !== undefined) parts.push(`ours${peakRss(ours.details)}`);
  for (const peer of otherPeers(scenario)) {
    const median = peer.measurement?.medianMs;
    const value = ratio(scenario, peer.name);
    if (median === undefined) {
      parts.push(`${peer.name}: not run${peer.note === undefined ? '' : ` (${peer.note.split('\n')[0] ?? ''})`}`);
    } else {
      const versus = value === undefined ? '' : `, ours/${peer.name} ${value.toFixed(3)}`;
      parts.push(`${peer.name} ${format(median)} ms${versus}${peakRss(peer.details)}`);
    }
  }
  return parts.join('; ');
}

/**
 * A plain-text table: one row per scenario, medians in ms (`API`: the same job through the public package function,
 * where the scenario has one), ratios ours/peer and the targets' verdicts. When a scenario has peers other than tfjs
 * and PyTorch (DuckDB, NumPy) or measures peak RSS, a last column `other peers` gives each such peer's median, the
 * ratio ours/peer and the peak RSS.
 */
export function formatTable(scenarios: ScenarioResult[]): string {
  const header = ['scenario', 'size', 'ours ms', 'API ms', 'tfjs ms', 'torch ms', 'ours/tfjs', 'ours/torch', 'targets'];
  const others = scenarios.map(otherPeersCell);
  const withOthers = others.some((cell) => cell !== '');
  if (withOthers) header.push('other peers');
  const rows = scenarios.map((scenario, index) => {
    const median = (name: string) => scenario.entries.find((entry) => entry.name === name)?.measurement?.medianMs;
    const tfjsRatio = ratio(scenario, 'tfjs');
    const torchRatio = ratio(scenario, 'torch');
    const verdicts = targetVerdicts(scenario)
      .map(({ target, met }) => `${target}: ${met === 'n/a' ? 'n/a' : met ? 'met' : 'MISSED'}`)
      .join('; ');
    const row = [
      scenario.title,
      scenario.size,
      format(median('ours')),
      format(median('ours-api')),
      format(median('tfjs')),
      format(median('torch')),
      tfjsRatio === undefined ? '—' : tfjsRatio.toFixed(3),
      torchRatio === undefined ? '—' : torchRatio.toFixed(3),
      verdicts === '' ? '—' : verdicts,
    ];
    if (withOthers) row.push(others[index] === '' ? '—' : (others[index] as string));
    return row;
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
