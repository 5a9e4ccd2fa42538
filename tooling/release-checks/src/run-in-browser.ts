import { withChromium } from '@softlabels/test-utils';
import { build } from 'esbuild';

/** What a browser run printed, or the error it threw. */
export interface BrowserRun {
  logs: string[];
  error: string | undefined;
}

/**
 * Bundles a TypeScript module for the browser (workspace packages from source, Node-only modules left out) and runs
 * it as a module script in headless Debian Chromium, returning its console output and any uncaught error.
 */
export async function runInBrowser(code: string, resolveDir: string): Promise<BrowserRun> {
  const bundled = await build({
    stdin: { contents: `${code}\n;globalThis.__softlabelsDone = true;\n`, resolveDir, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@softlabels/source'],
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  });
  const run: BrowserRun = { logs: [], error: undefined };
  await withChromium(async (context) => {
    const page = await context.newPage();
    page.on('console', (message) => run.logs.push(message.text()));
    page.on('pageerror', (error) => {
      run.error ??= error.message;
    });
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? '', type: 'module' });
    await page
      .waitForFunction(() => (globalThis as { __softlabelsDone?: boolean }).__softlabelsDone === true, undefined, {
        timeout: 30_000,
      })
      .catch((error: unknown) => {
        run.error ??= `did not finish: ${String(error)}`;
      });
  });
  return run;
}
