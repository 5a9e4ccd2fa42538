import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext } from 'playwright-core';

/** Options of {@link withChromium}. */
export interface WithChromiumOptions {
  /** Page size in CSS pixels (default 1280×720). */
  viewport?: { width: number; height: number };
}

/**
 * Runs `body` with a headless Debian Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`) in a fresh profile folder
 * (also its HOME),
 * started with the flags that keep it off the network, then closes it and removes the profile.
 */
export async function withChromium<T>(
  body: (context: BrowserContext) => Promise<T>,
  options: WithChromiumOptions = {},
): Promise<T> {
  // Loaded on first use, so suites that never open a browser do not pay for playwright's import.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'softlabels-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 720 },
    env: { ...process.env, HOME: profile },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    return await body(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
