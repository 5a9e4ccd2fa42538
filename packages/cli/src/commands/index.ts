// Every command of `softlabels`, one registration function per line (`--help` lists them by export name).
export { registerCalibrateCommand } from './calibrate-command';
export { registerStateCommand } from './state-command';
export { registerMergeCommand } from './merge-command';
export { registerApplyCommand } from './apply-command';
export { registerSqlCommand } from './sql-command';
export { registerFitTemperatureCommand } from './fit-temperature-command';
