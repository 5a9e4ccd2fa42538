import { spawn } from 'node:child_process';

/**
 * Runs `command args` with `input` as JSON on its stdin, relays each non-empty stderr line to `onLine` (the peers'
 * progress), and returns its stdout; a non-zero exit is an error naming `what`, with the end of its stderr.
 */
export async function runJsonProcess(
  what: string,
  command: string,
  args: string[],
  input: unknown,
  onLine: (line: string) => void,
  options: { cwd?: string } = {},
): Promise<string> {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') onLine(line.trim());
  });
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${stderr.slice(-2000)}`);
  return stdout;
}
