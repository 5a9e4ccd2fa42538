/** The targets of a row-loss kernel call: class indices (possibly holding an ignore index) or probability rows. */
export type RowTargets =
  { kind: 'labels'; labels: Int32Array; ignoreIndex: number | undefined } | { kind: 'targets'; targets: Float32Array };
