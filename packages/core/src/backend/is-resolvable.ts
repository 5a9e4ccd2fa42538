/**
 * Whether Node can resolve a package from here, without loading it (its native addon may still be broken). The
 * browser build of `@softlabels/core` replaces this file with `is-resolvable.browser.ts`, so no bundler sees the
 * `node:module` import.
 * @internal
 */
export async function isResolvable(specifier: string): Promise<boolean> {
  try {
    const { createRequire } = await import('node:module');
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
