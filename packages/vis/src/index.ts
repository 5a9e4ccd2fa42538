export { penultimateActivations, type PenultimateActivationsOptions } from './projection/penultimate-activations';
export { classTemplates } from './projection/class-templates';
export {
  projectOntoClassPlane,
  type ClassPlaneProjection,
  type ProjectedPoint,
  type ProjectOntoClassPlaneOptions,
} from './projection/project-onto-class-plane';
export {
  clusterStatistics,
  type ClassCluster,
  type ClusterStatistics,
  type LabelledPoint,
} from './projection/cluster-statistics';
export {
  projectionScatterSpec,
  type ProjectionPanel,
  type ProjectionScatterOptions,
  type ScatterPoint,
} from './charts/projection-scatter-spec';
export {
  reliabilityDiagramSpec,
  type ReliabilityBin,
  type ReliabilityDiagramData,
  type ReliabilityDiagramOptions,
} from './charts/reliability-diagram-spec';
export { trainingCurvesSpec, type TrainingCurvesOptions, type TrainingRun } from './charts/training-curves-spec';
export {
  distillationPlotSpec,
  type DistillationPlotData,
  type DistillationPlotOptions,
  type DistillationPoint,
} from './charts/distillation-plot-spec';
export {
  eceByAlphaSpec,
  type AlphaMeasurement,
  type EceByAlphaData,
  type EceByAlphaOptions,
} from './charts/ece-by-alpha-spec';
export type { ChartLayoutOptions, Spread } from './internal/chart-options';
export type { ReferenceLevel } from './internal/reference-layers';
export type { MatrixInput } from './internal/read-matrix';
export type { ChartSpec } from './internal/chart-spec';
export { renderSvg } from './render/render-svg';
export { renderPng, type RenderPngOptions } from './render/render-png';
export { writeChart, type WriteChartOptions } from './render/write-chart';
export { renderChart, type RenderChartOptions, type RenderedChart } from './render/render-chart';
