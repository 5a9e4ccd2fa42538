export { penultimateActivations } from './projection/penultimate-activations';
export type { PenultimateActivationsOptions } from './projection/penultimate-activations-options';
export { classTemplates } from './projection/class-templates';
export {
  projectOntoClassPlane,
  type ClassPlaneProjection,
  type ProjectedPoint,
} from './projection/project-onto-class-plane';
export type { ProjectOntoClassPlaneOptions } from './projection/project-onto-class-plane-options';
export {
  clusterStatistics,
  type ClassCluster,
  type ClusterStatistics,
  type LabelledPoint,
} from './projection/cluster-statistics';
export { projectionScatterSpec, type ProjectionPanel, type ScatterPoint } from './charts/projection-scatter-spec';
export type { ProjectionScatterOptions } from './charts/projection-scatter-spec-options';
export {
  reliabilityDiagramSpec,
  type ReliabilityDiagramData,
  type ReliabilityDiagramSpecBin,
} from './charts/reliability-diagram-spec';
export type { ReliabilityDiagramSpecOptions } from './charts/reliability-diagram-spec-options';
export { trainingCurvesSpec, type TrainingRun } from './charts/training-curves-spec';
export type { TrainingCurvesOptions } from './charts/training-curves-spec-options';
export {
  distillationPlotSpec,
  type DistillationPlotData,
  type DistillationPoint,
} from './charts/distillation-plot-spec';
export type { DistillationPlotOptions } from './charts/distillation-plot-spec-options';
export { eceByEpsilonSpec, type EceByEpsilonData, type EpsilonMeasurement } from './charts/ece-by-epsilon-spec';
export type { EceByEpsilonOptions } from './charts/ece-by-epsilon-spec-options';
export { summarise, type Summary } from './charts/summarise';
export type { ChartLayoutOptions, Spread } from './internal/chart-options';
export type { ReferenceLevel } from './internal/reference-layers';
export type { MatrixInput } from '@softlabels/core';
export type { ChartSpec } from './internal/chart-spec';
export { renderSvg } from './render/render-svg';
export type { RenderSvgOptions } from './render/render-svg-options';
export { renderPng } from './render/render-png';
export type { RenderPngOptions } from './render/render-png-options';
export { writeChart } from './render/write-chart';
export type { WriteChartOptions } from './render/write-chart-options';
export { renderChart, type RenderedChart } from './render/render-chart';
export type { RenderChartOptions } from './render/render-chart-options';
