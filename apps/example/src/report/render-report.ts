import { figureSlug } from './build-figures';
import { calibrationSections } from './calibration-rows';
import { isComparedCell } from './distillation-verdict';
import { PAPER } from './paper-numbers';
import type { DistillationResults, Results, Stat } from './results';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** `mean ± sd` with the given digits; percentages when `percent`. */
function stat(value: Stat, digits = 3, percent = false): string {
  const scale = percent ? 100 : 1;
  const shown = `${fixed(value.mean * scale, digits)}`;
  return value.values.length > 1 ? `${shown} ± ${fixed(value.sd * scale, digits)}` : shown;
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((cell) => `<th>${cell}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A table whose body is split into titled sections (a full-width heading row before each). */
function sectionedTable(headers: string[], sections: { title: string; rows: string[][] }[]): string {
  const head = headers.map((cell) => `<th>${cell}</th>`).join('');
  const body = sections
    .map(
      ({ title, rows }) =>
        `<tr class="section"><th colspan="${headers.length}">${escape(title)}</th></tr>\n` +
        rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n'),
    )
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figure(results: Results, svgs: Record<string, string>, id: string, caption: string): string {
  const entry = results.figures.find((item) => item.id === id);
  const svg = svgs[id];
  if (entry === undefined || svg === undefined) return '';
  return `<figure class="chart" data-chart="${escape(id)}">${svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption><b>${escape(entry.title)}.</b> ${caption}</figcaption></figure>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1d1d1f}
h1{font-size:1.7em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums} th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
th{background:#f3f3f3} td:first-child,th:first-child{text-align:left} tr.section th{background:#e8eef6;text-align:left}
.findings li{margin:.4em 0} .yes{color:#176f2c;font-weight:600} .no{color:#a4262c;font-weight:600} .na{color:#666;font-weight:600}
figure.chart{margin:1.2em 0;overflow-x:auto} figure.chart svg{max-width:100%;height:auto} figcaption{font-size:.9em;color:#444}
.grid{display:flex;flex-wrap:wrap;gap:1em} .grid figure{flex:0 1 340px}
code{background:#f4f4f4;padding:0 .25em;border-radius:3px} .muted{color:#666;font-size:.9em}`;

/**
 * Renders the self-contained `report.html`: findings first, then one section per stage with tables (ours beside the
 * paper's numbers) and the charts inlined as SVG, then settings, seeds, backend and wall time.
 *
 * @example
 * ```ts
 * import { renderReport } from './render-report';
 * // const html = renderReport(results, { 'ece-vs-epsilon': '<svg …/>' });
 * ```
 */
export function renderReport(results: Results, svgs: Record<string, string>): string {
  const { settings, calibration, representations, distillation, environment, timing } = results;
  const names = settings.classNames;
  const verdict = (reproduced: boolean | null): string =>
    reproduced === null
      ? '<span class="na">not run</span>'
      : reproduced
        ? '<span class="yes">reproduces</span>'
        : '<span class="no">does not reproduce at this scale</span>';
  const findings = results.findings
    .map((item) => `<li><b>${escape(item.title)}</b> — ${verdict(item.reproduced)}. ${escape(item.summary)}</li>`)
    .join('\n');

  const baseline = calibration.perEpsilon[0];
  const calibrationTable = sectionedTable(
    ['network', 'accuracy %', 'NLL', 'ECE', 'ECE 95 % bootstrap (seed 0)', 'fitted T', 'ECE after TS'],
    calibrationSections(calibration).map(({ title, rows }) => ({
      title,
      rows: rows.map((row) => [
        escape(row.label),
        stat(row.accuracy, 2, true),
        row.nll === null ? '∞' : stat(row.nll),
        stat(row.ece),
        `[${fixed(row.eceInterval.low, 3)}, ${fixed(row.eceInterval.high, 3)}]`,
        row.temperature === null ? '—' : stat(row.temperature, 2),
        row.eceAfterTemperature === null ? '—' : stat(row.eceAfterTemperature),
      ]),
    })),
  );
  const paperRows = PAPER.calibration.map((row) => [
    row.setting,
    fixed(row.baselineEce, 3),
    `${fixed(row.temperatureEce, 3)} (T ${row.temperature})`,
    `${fixed(row.smoothingEce, 3)} (ε ${row.epsilon})`,
  ]);
  const best = calibration.perEpsilon.find((entry) => entry.epsilon === calibration.bestEpsilon);
  paperRows.push([
    `<b>this run</b>: ${escape(settings.dataset)}, ${settings.teacher.kind.toUpperCase()}`,
    baseline === undefined ? '—' : stat(baseline.ece),
    `${stat(calibration.temperatureScaling.ece)} (T ${stat(calibration.temperatureScaling.temperature, 2)})`,
    best === undefined ? '—' : `${stat(best.ece)} (ε ${best.epsilon})`,
  ]);
  const pt = PAPER.pytorchFashionMnist;
  paperRows.push([
    'PyTorch reference: Fashion-MNIST, MLP 256×256, 10k images, 30 epochs',
    fixed(pt.baselineEce, 3),
    `${fixed(pt.temperatureEce, 3)} (T ${pt.temperature})`,
    `${fixed(pt.smoothing005Ece, 3)} (ε 0.05), ${fixed(pt.smoothing01Ece, 3)} (ε 0.1)`,
  ]);

  const className = (label: number) => escape(names[label] ?? String(label));
  const tightRows = representations.triples.flatMap((triple) =>
    triple.perEpsilon.map((entry) => [
      `${triple.name}: ${triple.classes.map(className).join(', ')}`,
      String(entry.epsilon),
      stat(entry.trainTightness),
      stat(entry.validationTightness),
    ]),
  );

  let distillationSection = '<h2>3. Distillation</h2><p>Not run (<code>--no-distillation</code>).</p>';
  if (distillation !== null) {
    const interval = (student: DistillationResults['studentAlone']['hardLabels']) =>
      student.interval === null
        ? '—'
        : `[${fixed(100 * student.interval.low, 2)}, ${fixed(100 * student.interval.high, 2)}]`;
    const alone = distillation.studentAlone;
    const { verdict } = distillation;
    const rows = [
      [
        'no teacher (hard labels)',
        '—',
        '—',
        stat(alone.hardLabels.accuracy, 2, true),
        interval(alone.hardLabels),
        stat(alone.hardLabels.heldOutAccuracy, 2, true),
      ],
      [
        `no teacher (LS ε = ${alone.labelSmoothing.epsilon})`,
        '—',
        '—',
        stat(alone.labelSmoothing.accuracy, 2, true),
        interval(alone.labelSmoothing),
        stat(alone.labelSmoothing.heldOutAccuracy, 2, true),
      ],
    ];
    for (const cell of distillation.grid) {
      const chosen = isComparedCell(verdict, cell);
      const bestT = verdict.bestTemperatures.find((entry) => entry.epsilon === cell.epsilon)?.temperature;
      rows.push([
        `${cell.kind === 'hard-label' ? 'hard-label teacher' : `LS teacher ε = ${cell.epsilon}`}, T = ${cell.temperature}` +
          `${bestT === cell.temperature ? ' ★' : ''}${chosen ? ' <b>(best of its kind)</b>' : ''}`,
        stat(cell.teacherAccuracy, 2, true),
        stat(cell.gamma),
        stat(cell.student.accuracy, 2, true),
        interval(cell.student),
        stat(cell.student.heldOutAccuracy, 2, true),
      ]);
    }
    const mi = distillation.mutualInformation;
    const miRows = mi.curves.map((curve) => [
      curve.epsilon === 0 ? 'without LS (ε = 0)' : `with LS (ε = ${curve.epsilon})`,
      fixed(curve.values[0] ?? Number.NaN, 3),
      fixed(curve.values.at(-1) ?? Number.NaN, 3),
      `${fixed((100 * (curve.values.at(-1) ?? Number.NaN)) / mi.logN, 0)} %`,
      fixed((curve.values.at(-1) ?? Number.NaN) / Math.LN2, 2),
    ]);
    const pd = PAPER.pytorchDistillation;
    distillationSection = `<h2>3. Distillation</h2>
<p>Teachers are the stage-1 networks: hard-label (ε = 0) and label-smoothed (ε &gt; 0), each at every temperature T of
its grid. Each distils into a student (${escape(distillation.student.layers)}) trained for ${distillation.studentEpochs}
epochs on a ${distillation.transferSize}-image transfer set from the teacher's training images, only on the teacher's soft
targets (β = 1, student temperature 1, as in the paper)${distillation.augment ? ', computed on the same cropped and flipped image the student sees' : ''}.
All students of a seed share their initialisation and batch order. γ is the teacher's smoothness on the transfer set at T
(mass on wrong classes · K/(K−1)). Accuracies on the test split, mean ± sd over ${settings.seeds.length} seeds, with the
95 % Student-t interval over seeds; held-out accuracy chooses every "best" (★: each teacher's best T).</p>
<p><b>Rule</b> (fixed in <code>src/report/distillation-verdict.ts</code> before any run): ${escape(verdict.rule)}</p>
${table(['teacher', 'teacher accuracy %', 'γ', 'student accuracy %', '95 % interval', 'held-out accuracy %'], rows)}
<p class="muted">PyTorch reference (${escape(pd.setting)}; two seeds): student alone ${pd.studentAlone}; hard-label teacher
${pd.hardLabelTeacher} → students ${pd.hardStudents}; label-smoothed teachers ${pd.smoothedTeachers} → students
${pd.smoothedStudents}.</p>
${figure(results, svgs, 'distillation', 'Student accuracy against the teacher smoothness γ (the paper’s Fig. 5): one series per teacher kind — the hard-label teacher over T, label-smoothed teachers at T = 1 over ε, and at their best T; error bars: sd over seeds. The paper: students of label-smoothed teachers are not better than those of hard-label teachers, although the teachers are as or more accurate.')}
<h3>Mutual information between input and logits</h3>
<p>Î(X; z<sub>a</sub> − z<sub>b</sub>) for ${escape(names[mi.classes[0]] ?? '')} vs ${escape(names[mi.classes[1]] ?? '')}, ${mi.examples} training
images, ${mi.draws} augmented draws each (random crop and flip), during training of seed 0's networks. The estimate is at most
log N = ${fixed(mi.logN, 2)} and negatively biased near 0. The paper: with LS it falls late in training towards log 2 = 0.69
(information about the individual examples is erased).</p>
${table(['network', 'first estimate', 'last estimate', 'last / log N', 'last / log 2'], miRows)}
${figure(results, svgs, 'mutual-information', 'Mutual information (nats) per epoch, with and without label smoothing.')}`;
  }

  const alternatives = calibration.trainingAlternatives;
  const alternativesText =
    alternatives.length === 0
      ? 'No training-time alternatives were trained (<code>--alternatives none</code>).'
      : `The training-time alternatives (${alternatives.map((entry) => escape(entry.label)).join(', ')}) train the same network with the
same seeds (initialisation, batch order, augmentation), epochs and optimiser, with <code>focalLoss</code> or
<code>confidencePenaltyCrossEntropy</code> of <code>@softlabels/smoothing</code> in place of label-smoothed cross-entropy
(FLSD-53: γ = 5 where the true class's probability is below 0.2, else 3), and are measured the same way.`;
  const reliabilityFigures = [
    'reliability-baseline',
    'reliability-smoothing',
    'reliability-temperature',
    ...alternatives.map((entry) => `reliability-${figureSlug(entry.id)}`),
  ]
    .map((id) =>
      figure(
        results,
        svgs,
        id,
        'Bars: accuracy per confidence bin; diagonal: perfect calibration; shading: the gap. Histogram beneath: how many test examples fall in each bin.',
      ),
    )
    .join('\n');
  const projectionFigure = representations.triples
    .map((triple) =>
      figure(
        results,
        svgs,
        `projections-${triple.name}`,
        `${triple.name === 'dissimilar' ? 'Three dissimilar classes' : 'Two similar classes and a third'} (${triple.classes.map(className).join(', ')}): penultimate-layer activations projected onto the plane through the three class templates (crosses: template vertices). Rows: ε; columns: training and held-out (validation) images.`,
      ),
    )
    .join('\n');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>When does label smoothing help? — softlabels reproduction</title><style>${STYLE}</style></head>
<body>
<h1>When does label smoothing help? — a small-scale reproduction</h1>
<p class="muted">Generated ${escape(results.generatedAt)} by <code>pnpm example${settings.preset === 'default' ? '' : settings.preset === 'quick' ? ' --quick' : ` --preset ${settings.preset}`}</code> with
softlabels on TensorFlow.js (${escape(environment.backend.name)} backend). Dataset ${escape(settings.dataset)};
${settings.seeds.length} seeds; wall time ${fixed(timing.totalSeconds, 0)} s (CPU time ${fixed(timing.cpuSeconds, 0)} s; load average at start ${fixed(environment.loadAverageStart[0] ?? 0, 1)} on ${environment.cpus} CPUs).</p>
<h2>Findings</h2>
<ul class="findings">
${findings}
</ul>
<p class="muted">Scale: the paper trains ResNets, Inception and Transformers on CIFAR, ImageNet and WMT; this run trains
small networks (${escape(settings.teacher.layers)}) on ${settings.trainSize} ${escape(settings.dataset)} images on a CPU, so
effects are smaller and seed noise matters — every number is a mean ± sd over seeds and the per-seed values are in
<code>results.json</code>. The criteria for "reproduces" are fixed in the code (<code>src/report/findings.ts</code>), not chosen
after looking at the results.</p>
<h2>1. Accuracy and calibration</h2>
<p>${escape(settings.teacher.layers)} trained with label-smoothed cross-entropy (ε = ${settings.epsilons.join(', ')}) for ${settings.epochs}
epochs on ${settings.trainSize} images${settings.augment ? ' (random crop with 2-pixel padding and horizontal flip, as the paper)' : ''}; metrics on ${settings.testSize} test images, mean ± sd over seeds ${settings.seeds.join(', ')}.
ECE uses ${settings.eceBins} equal-width bins. T is fitted on ${settings.heldOutSize} held-out images (T &gt; 1: the network is
over-confident; T &lt; 1: under-confident). NLL is on hard labels. The best ε is chosen by held-out ECE, not test ECE.
${alternativesText} The post-hoc calibrators (<code>fitCalibrator</code> of <code>@softlabels/calibration</code> with
its defaults, the unregularised maximum-likelihood fits: ${calibration.postHoc.map((entry) => escape(entry.label)).join(', ')})
are fitted to each seed's baseline on the held-out logits and applied to its test logits; NLL ∞ means some test image's
label got probability 0 (isotonic regression maps the lowest scores to 0). "ECE 95 % bootstrap" is the percentile interval of
seed 0's test ECE (the network of the reliability diagrams) over 1000 resamples of the test images: how much the ECE of one
network moves with the test sample, where ± sd is the spread over training seeds (every seed's interval is in
<code>results.json</code>). Binned ECE is biased upwards on finite samples and a resample more so, so for a well-calibrated
network the interval can lie above the estimate.</p>
${calibrationTable}
<h3>Beside the paper (Table 3: ECE)</h3>
${table(['setting', 'baseline ECE', 'temperature scaling', 'label smoothing'], paperRows)}
<p class="muted">The paper's Table 2 (accuracy %, ε = 0 / 0.1): ${PAPER.accuracy.map((row) => `${row.setting} ${row.baseline} / ${row.smoothed}`).join('; ')}.</p>
${figure(results, svgs, 'ece-vs-epsilon', 'Test ECE per ε (mean, error bars: sd over seeds); the horizontal line is the baseline after temperature scaling.')}
${figure(results, svgs, 'ece-by-method', 'Test ECE of every row of the table (dot: mean over seeds, bar: ± 1 sd, small dots: single seeds), coloured by section; the dashed line is the baseline after temperature scaling.')}
<div class="grid">
${reliabilityFigures}
</div>
<h2>2. Representations</h2>
<p>Penultimate-layer activations of ${representations.examplesPerClass} images of each class of two triples, as the paper's
Fig. 1 — three classes the seed-0 baseline confuses least with each other, and its two most confused classes with a third —
projected onto the plane through their class templates (last-layer weights with bias). The tightness ratio is the mean within-class
spread divided by the mean distance between class centroids (lower: tighter clusters), mean ± sd over seeds.</p>
${table(['classes', 'ε', 'tightness (train)', 'tightness (validation)'], tightRows)}
${projectionFigure}
${distillationSection}
<h2>Settings and environment</h2>
${table(
  ['setting', 'value'],
  [
    ['dataset', `${escape(settings.dataset)} <span class="muted">(${escape(settings.datasetSource)})</span>`],
    ['seeds', settings.seeds.join(', ')],
    [
      'network',
      `${escape(settings.teacher.layers)}; Adam ${settings.learningRate}, batch ${settings.batchSize}, ${settings.epochs} epochs${settings.augment ? ', crop (pad 2) + flip' : ''}`,
    ],
    ['splits', `train ${settings.trainSize}, held-out ${settings.heldOutSize}, test ${settings.testSize}`],
    ['ε sweep', settings.epsilons.join(', ')],
    [
      'backend',
      `${escape(environment.backend.name)} (SIMD ${environment.backend.simd}, threads ${environment.backend.threads}, float${environment.backend.floatPrecision})`,
    ],
    [
      'machine',
      `${escape(environment.cpuModel)}, ${environment.cpus} CPUs, ${escape(environment.platform)}, Node ${escape(environment.node)}`,
    ],
    [
      'load average (1, 5, 15 min)',
      `start ${environment.loadAverageStart.map((value) => fixed(value, 2)).join(', ')}; end ${environment.loadAverageEnd.map((value) => fixed(value, 2)).join(', ')}`,
    ],
    [
      'wall time',
      `total ${fixed(timing.totalSeconds, 1)} s (CPU ${fixed(timing.cpuSeconds, 1)} s): ${timing.stages.map((stage) => `${escape(stage.name)} ${fixed(stage.seconds, 1)} s`).join(', ')}; ${fixed(timing.secondsPerEpoch, 2)} s per teacher epoch`,
    ],
  ],
)}
<p class="muted">All numbers are in <code>results.json</code> (schema version ${results.schemaVersion}, <code>results.schema.json</code>); charts also as SVG and PNG under <code>figures/</code>.</p>
</body></html>
`;
}
