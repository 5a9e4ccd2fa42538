// Renders the README pictures in docs/ from the measured fixture data (src/__fixtures__/charts.json, produced by
// tooling/reference/vis_fixtures.py --charts) through the built package, so it also exercises dist/.
// Run from packages/vis: `pnpm build && node scripts/render-docs.mjs`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import {
  clusterStatistics,
  distillationPlotSpec,
  eceByEpsilonSpec,
  projectionScatterSpec,
  reliabilityDiagramSpec,
  trainingCurvesSpec,
  writeChart,
} from '../dist/index.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const data = JSON.parse(await readFile(here('../src/__fixtures__/charts.json'), 'utf8'));
const fashionMnist = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

for (const panel of data.projection) {
  const { tightness, meanSpread, meanCentroidDistance } = clusterStatistics(panel.points);
  console.log(
    `${panel.title}: tightness ${tightness.toFixed(3)} (spread ${meanSpread.toFixed(
      2,
    )}, centroid distance ${meanCentroidDistance.toFixed(2)})`,
  );
}

const charts = {
  'projection.png': projectionScatterSpec(data.projection, {
    classNames: fashionMnist,
    title: 'Fashion-MNIST MLP: T-shirt / Trouser / Sandal template plane',
  }),
  'reliability.png': reliabilityDiagramSpec(data.reliability.baseline, {
    title: 'Reliability: baseline (Fashion-MNIST MLP, 15 bins)',
  }),
  'training-curves.png': trainingCurvesSpec(data.trainingCurves, {
    metrics: ['loss', 'acc'],
    title: 'Training curves (val_loss is hard-label NLL)',
  }),
  'distillation.png': distillationPlotSpec(data.distillation),
  'ece-by-epsilon.png': eceByEpsilonSpec(data.eceByEpsilon),
};
for (const [name, spec] of Object.entries(charts)) {
  console.log(await writeChart(spec, here(`../docs/${name}`), { scale: 2 }));
}
