// Every command of `softlabels`, one registration function per line, in the order `--help` lists them.
export { registerMergeCommand } from './merge-command';
