import { checkNumber, InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';

import { arrayOf, readChartOptions } from '../internal/chart-options';
import type { ChartSpec } from '../internal/chart-spec';
import { CONFIG, SCHEMA } from '../internal/chart-theme';
import type { ReliabilityDiagramSpecOptions } from './reliability-diagram-spec-options';

const FUNCTION_NAME = 'reliabilityDiagramSpec';

/**
 * One confidence bin of the diagram {@link reliabilityDiagramSpec} draws (the shape of `@softlabels/calibration`'s
 * `ReliabilityBin`).
 *
 * @example
 * ```ts
 * import type { ReliabilityDiagramSpecBin } from '@softlabels/vis';
 *
 * const bin: ReliabilityDiagramSpecBin = { lower: 0.5, upper: 1, count: 6, confidence: 0.9, accuracy: 0.5, gap: 0.4 };
 * console.log(bin.count); // 6
 * ```
 */
export interface ReliabilityDiagramSpecBin {
  /** Lower edge of the bin (exclusive, except 0 for the first bin). */
  lower: number;
  /** Upper edge of the bin (inclusive). */
  upper: number;
  /** Examples whose top-label confidence falls in the bin. */
  count: number;
  /** Mean confidence of those examples (`null` or anything when `count` is 0: not read then). */
  confidence: number | null;
  /** Their accuracy (`null` or anything when `count` is 0). */
  accuracy: number | null;
  /**
   * Accuracy–confidence gap in [−1, 1], signed or not, or `null` (checked but not drawn: the chart shades between
   * accuracy and confidence).
   */
  gap: number | null;
}

/**
 * The plain reliability-diagram object that `@softlabels/calibration`'s `reliabilityDiagram` returns (declared here
 * structurally, so vis does not depend on calibration). Fields beyond those drawn are accepted and ignored.
 *
 * @example
 * ```ts
 * import type { ReliabilityDiagramData } from '@softlabels/vis';
 *
 * const diagram: ReliabilityDiagramData = {
 *   bins: [{ lower: 0, upper: 1, count: 2, confidence: 0.75, accuracy: 0.5, gap: 0.25 }],
 *   ece: 0.25, mce: 0.25, accuracy: 0.5, averageConfidence: 0.75,
 * };
 * console.log(diagram.bins.length); // 1
 * ```
 */
export interface ReliabilityDiagramData {
  bins: readonly ReliabilityDiagramSpecBin[];
  /** Expected calibration error (L1). */
  ece: number;
  /** Maximum calibration error over non-empty bins. */
  mce: number;
  /** Overall top-label accuracy. */
  accuracy: number;
  /** Overall mean top-label confidence. */
  averageConfidence: number;
  /** Per-bin counts, one non-negative integer per bin (checked but not drawn: `bins[i].count` is). */
  counts?: readonly number[];
  /** The class of a one-vs-rest diagram (named in the default title), `null` for the top-label diagram. */
  classIndex?: number | null;
}

/** A validated bin: empty bins read as zeros (they draw no bar), gaps as absolute values. */
type CheckedBin = { [Key in keyof ReliabilityDiagramSpecBin]-?: number };

function checkBin(bin: ReliabilityDiagramSpecBin, index: number): CheckedBin {
  const parameter = `diagram.bins[${index}]`;
  if (typeof bin !== 'object' || bin === null) {
    throw new InvalidArgumentError({ functionName: FUNCTION_NAME, parameter, value: bin, expected: 'be a bin object' });
  }
  const unit = { min: 0, max: 1 };
  const lower = checkNumber(bin.lower, `${parameter}.lower`, FUNCTION_NAME, unit);
  const upper = checkNumber(bin.upper, `${parameter}.upper`, FUNCTION_NAME, { min: lower, max: 1 });
  const count = checkNumber(bin.count, `${parameter}.count`, FUNCTION_NAME, { min: 0, integer: true });
  if (count === 0) return { lower, upper, count, confidence: 0, accuracy: 0, gap: 0 };
  const confidence = checkNumber(bin.confidence, `${parameter}.confidence`, FUNCTION_NAME, unit);
  const accuracy = checkNumber(bin.accuracy, `${parameter}.accuracy`, FUNCTION_NAME, unit);
  if (bin.gap !== null) checkNumber(bin.gap, `${parameter}.gap`, FUNCTION_NAME, { min: -1, max: 1 });
  return { lower, upper, count, confidence, accuracy, gap: Math.abs(accuracy - confidence) };
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** What the axes and legends call the observed and the predicted side: top-label, or one class against the rest. */
function axisNames(classIndex: number | null): { observed: string; predicted: string; meanPredicted: string } {
  if (classIndex === null) return { observed: 'accuracy', predicted: 'confidence', meanPredicted: 'mean confidence' };
  return {
    observed: `frequency of class ${classIndex}`,
    predicted: `p(class ${classIndex})`,
    meanPredicted: `mean p(class ${classIndex})`,
  };
}

/**
 * A vega-lite spec of a reliability diagram (Guo et al. 2017 style) from the plain object
 * `@softlabels/calibration`'s `reliabilityDiagram` returns: bars of accuracy per confidence bin, the diagonal of
 * perfect calibration, the gap between accuracy and mean confidence shaded in red, ECE/MCE in the subtitle, and the
 * confidence histogram beneath (with the overall accuracy and mean confidence marked). Empty bins draw no bar. A
 * one-vs-rest diagram (`diagram.classIndex` = k) plots the frequency of class k against the predicted probability
 * p(class k), and its axes, legends and subtitle say so rather than "accuracy" and "confidence".
 *
 * @example
 * ```ts
 * import { reliabilityDiagramSpec, renderSvg } from '@softlabels/vis';
 *
 * const diagram = {
 *   bins: [
 *     { lower: 0, upper: 0.5, count: 4, confidence: 0.4, accuracy: 0.25, gap: 0.15 },
 *     { lower: 0.5, upper: 1, count: 6, confidence: 0.9, accuracy: 0.5, gap: 0.4 },
 *   ],
 *   ece: 0.3, mce: 0.4, accuracy: 0.4, averageConfidence: 0.7, counts: [4, 6],
 * };
 * const svg = await renderSvg(reliabilityDiagramSpec(diagram, { title: 'baseline' }));
 * console.log(svg.includes('<svg')); // true
 * ```
 */
export function reliabilityDiagramSpec(
  diagram: ReliabilityDiagramData,
  options: ReliabilityDiagramSpecOptions = {},
): ChartSpec {
  const rawClassIndex = typeof diagram === 'object' && diagram !== null ? diagram.classIndex : undefined;
  const classIndex =
    rawClassIndex === undefined || rawClassIndex === null
      ? null
      : checkNumber(rawClassIndex, 'diagram.classIndex', FUNCTION_NAME, { min: 0, integer: true });
  const title = classIndex === null ? 'Reliability diagram' : `Reliability diagram: class ${classIndex} vs rest`;
  const { layout, record } = readChartOptions(
    options,
    ['histogramHeight'],
    { title, width: 300, height: 260 },
    FUNCTION_NAME,
  );
  const histogramHeight = checkNumber(record.histogramHeight ?? 90, 'options.histogramHeight', FUNCTION_NAME, {
    min: 20,
    max: 4000,
    integer: true,
  });
  if (typeof diagram !== 'object' || diagram === null) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'diagram',
      value: diagram,
      expected: 'be the object reliabilityDiagram returns ({ bins, ece, mce, accuracy, averageConfidence })',
    });
  }
  const bins = arrayOf<ReliabilityDiagramSpecBin>(diagram.bins, 'diagram.bins', FUNCTION_NAME, 'bins').map(checkBin);
  if (bins.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'diagram.bins',
      value: [],
      expected: 'hold at least one bin',
    });
  }
  if (diagram.counts !== undefined) {
    const counts = arrayOf<unknown>(diagram.counts, 'diagram.counts', FUNCTION_NAME, 'per-bin counts');
    if (counts.length !== bins.length) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'diagram.counts',
        actual: [counts.length],
        expected: `hold one count per bin [${bins.length}]`,
      });
    }
    counts.forEach((count, index) =>
      checkNumber(count, `diagram.counts[${index}]`, FUNCTION_NAME, { min: 0, integer: true }),
    );
  }
  const unit = { min: 0, max: 1 };
  const ece = checkNumber(diagram.ece, 'diagram.ece', FUNCTION_NAME, unit);
  const mce = checkNumber(diagram.mce, 'diagram.mce', FUNCTION_NAME, unit);
  const accuracy = checkNumber(diagram.accuracy, 'diagram.accuracy', FUNCTION_NAME, unit);
  const averageConfidence = checkNumber(diagram.averageConfidence, 'diagram.averageConfidence', FUNCTION_NAME, unit);
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const names = axisNames(classIndex);

  const x = {
    field: 'lower',
    type: 'quantitative' as const,
    title: null,
    scale: { domain: [0, 1], nice: false },
    axis: { labels: false, ticks: false, grid: true },
  };
  const unitY = { type: 'quantitative' as const, scale: { domain: [0, 1], nice: false } };
  const legend = {
    scale: { domain: [names.observed, 'gap'], range: ['#4e79a7', '#e15759'] },
    legend: { title: null },
  };
  const filled = bins.filter((bin) => bin.count > 0);
  const subtitle = [
    `ECE ${ece.toFixed(4)} · MCE ${mce.toFixed(4)} · n = ${total}`,
    `${names.observed} ${percent(accuracy)} · ${names.meanPredicted} ${percent(averageConfidence)}`,
  ];
  return {
    $schema: SCHEMA,
    ...(layout.title === '' ? { title: { text: '', subtitle } } : { title: { text: layout.title, subtitle } }),
    config: CONFIG,
    spacing: 6,
    vconcat: [
      {
        width: layout.width,
        height: layout.height,
        layer: [
          {
            data: { values: filled },
            mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
            encoding: {
              x,
              x2: { field: 'upper' },
              y: { ...unitY, field: 'accuracy', title: names.observed },
              y2: { datum: 0 },
              color: { datum: names.observed, ...legend },
            },
          },
          {
            data: { values: filled },
            mark: { type: 'rect', opacity: 0.35, stroke: '#e15759', strokeWidth: 1.2 },
            encoding: {
              x,
              x2: { field: 'upper' },
              y: { ...unitY, field: 'accuracy' },
              y2: { field: 'confidence' },
              color: { datum: 'gap', ...legend },
            },
          },
          {
            data: { values: [{ p: 0 }, { p: 1 }] },
            mark: { type: 'line', color: '#555', strokeDash: [5, 4], strokeWidth: 1.2 },
            encoding: { x: { ...x, field: 'p' }, y: { ...unitY, field: 'p' } },
          },
        ],
      },
      {
        width: layout.width,
        height: histogramHeight,
        layer: [
          {
            data: { values: bins.map((bin) => ({ ...bin, fraction: total > 0 ? bin.count / total : 0 })) },
            mark: { type: 'rect', color: '#9c9c9c', stroke: 'white', strokeWidth: 1 },
            encoding: {
              x: {
                field: 'lower',
                type: 'quantitative',
                title: names.predicted,
                scale: { domain: [0, 1], nice: false },
              },
              x2: { field: 'upper' },
              y: { field: 'fraction', type: 'quantitative', title: 'share', axis: { format: '.0%', tickCount: 3 } },
              y2: { datum: 0 },
            },
          },
          {
            data: {
              values: [
                { at: accuracy, what: names.observed },
                { at: averageConfidence, what: names.meanPredicted },
              ],
            },
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              x: { field: 'at', type: 'quantitative' },
              strokeDash: {
                field: 'what',
                type: 'nominal',
                scale: {
                  domain: [names.observed, names.meanPredicted],
                  range: [
                    [1, 0],
                    [5, 3],
                  ],
                },
                legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 },
              },
              color: { value: '#222' },
            },
          },
        ],
      },
    ],
  };
}
