// The `softlabels` executable: parses `process.argv`, runs the command and exits with its code.
import { runCli } from './run-cli';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
