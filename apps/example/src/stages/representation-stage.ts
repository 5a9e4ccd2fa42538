import * as tf from '@tensorflow/tfjs-core';
import { classTemplates, clusterStatistics, penultimateActivations, projectOntoClassPlane } from '@softlabels/vis';

import type { DatasetSplit } from '../data/load-dataset';
import type { PlanePoint, RepresentationResults } from '../report/results';
import { summarise } from '../report/summarise';
import { scoped } from '../training/scoped';
import { chooseProjectionTriples } from './choose-projection-triples';
import type { RunContext, TrainedModel } from './run-context';

/** The first `perClass` examples of each of `classes` in `split`, as a flattened image batch and their labels. */
function pick(
  split: DatasetSplit,
  classes: readonly number[],
  perClass: number,
): { images: Float32Array; labels: Int32Array } {
  const features = split.images.length / split.count;
  const rows: number[] = [];
  for (const label of classes) {
    let taken = 0;
    for (let row = 0; row < split.count && taken < perClass; row += 1) {
      if (split.labels[row] === label) {
        rows.push(row);
        taken += 1;
      }
    }
  }
  const images = new Float32Array(rows.length * features);
  rows.forEach((row, index) =>
    images.set(split.images.subarray(row * features, (row + 1) * features), index * features),
  );
  return { images, labels: Int32Array.from(rows, (row) => split.labels[row] as number) };
}

function project(
  trained: TrainedModel,
  batch: { images: Float32Array; labels: Int32Array },
  classes: [number, number, number],
): { points: PlanePoint[]; vertices: PlanePoint[]; tightness: number } {
  const projection = scoped(() => {
    const inputs = tf.tensor2d(batch.images, [batch.labels.length, batch.images.length / batch.labels.length]);
    const activations = penultimateActivations(trained.model, inputs);
    const templates = classTemplates(trained.model);
    return projectOntoClassPlane(activations, templates, classes, { labels: batch.labels });
  });
  const points = projection.points.map((point) => ({ x: point.x, y: point.y, label: point.label ?? -1 }));
  const vertices = projection.vertices.map((vertex) => ({ x: vertex.x, y: vertex.y, label: vertex.label ?? -1 }));
  return { points, vertices, tightness: clusterStatistics(points).tightness };
}

/**
 * Stage 2: projects penultimate-layer activations onto the plane through three class templates for every trained
 * network, on training and held-out (validation) images, for the two triples of the paper's Fig. 1 — three
 * dissimilar classes, and two similar ones with a third (chosen from the confusions of seed 0's baseline on the
 * held-out split, {@link chooseProjectionTriples}) — and measures the tightness ratio of the clusters. Keeps the
 * projections of seed 0 for the baseline and the largest ε as figure panels.
 *
 * @example
 * ```ts
 * import { runRepresentationStage } from './representation-stage';
 * // const section = runRepresentationStage(context, models);
 * ```
 */
export function runRepresentationStage(context: RunContext, models: TrainedModel[]): RepresentationResults {
  const { options, splits, dataset } = context;
  const baseline = models.find((trained) => trained.seed === 0 && trained.epsilon === 0) as TrainedModel;
  const chosen = chooseProjectionTriples(baseline.heldOutLogits, splits.heldOut.labels, dataset.classNames.length);
  const stage = context.progress.stage('2/3 representations', 2 * models.length);
  const largest = options.epsilons.at(-1) as number;
  const seeds = Array.from({ length: options.seeds }, (_, seed) => seed);
  const triples = (['dissimilar', 'similar'] as const).map((name) => {
    const classes = chosen[name];
    const train = pick(splits.train, classes, options.projectionExamples);
    const validation = pick(splits.heldOut, classes, options.projectionExamples);
    const tightness = new Map<string, { train: number; validation: number }>();
    const panels: RepresentationResults['triples'][number]['panels'] = [];
    for (const trained of models) {
      const onTrain = project(trained, train, classes);
      const onValidation = project(trained, validation, classes);
      tightness.set(`${trained.seed}:${trained.epsilon}`, {
        train: onTrain.tightness,
        validation: onValidation.tightness,
      });
      if (trained.seed === 0 && (trained.epsilon === 0 || trained.epsilon === largest)) {
        panels.push({ epsilon: trained.epsilon, split: 'train', points: onTrain.points, vertices: onTrain.vertices });
        panels.push({
          epsilon: trained.epsilon,
          split: 'validation',
          points: onValidation.points,
          vertices: onValidation.vertices,
        });
      }
      stage.tick(`${name} seed ${trained.seed} ε ${trained.epsilon} tightness ${onTrain.tightness.toFixed(3)}`);
    }
    return {
      name,
      classes,
      perEpsilon: options.epsilons.map((epsilon) => ({
        epsilon,
        trainTightness: summarise(seeds.map((seed) => tightness.get(`${seed}:${epsilon}`)?.train ?? Number.NaN)),
        validationTightness: summarise(
          seeds.map((seed) => tightness.get(`${seed}:${epsilon}`)?.validation ?? Number.NaN),
        ),
      })),
      panels,
    };
  });
  stage.done();
  return { examplesPerClass: options.projectionExamples, triples };
}
