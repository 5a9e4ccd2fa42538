export { runCli, EXIT_BAD_INPUT } from './run-cli';
export type { CommandIo } from './command-io';
export { InputFileError, type InputFileErrorOptions } from './errors/input-file-error';
export { OutputFiles, withOutputFiles } from './output/output-files';
export { readStateFile } from './state/read-state-file';
export { mergeStateFiles } from './state/merge-state-files';
export { readPredictions, formatOf, DEFAULT_CHUNK_ROWS, type ReadPredictionsOptions } from './readers/read-predictions';
export type { PredictionChunk, PredictionFormat, ScoreKind } from './readers/prediction-chunk';
export { accumulateFiles, type AccumulateFilesOptions } from './calibrate/accumulate-files';
