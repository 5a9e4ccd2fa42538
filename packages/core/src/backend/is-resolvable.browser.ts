import type { isResolvable as isResolvableInNode } from './is-resolvable';

/**
 * The browser build's `isResolvable`: native Node packages never resolve in a browser.
 * @internal
 */
export const isResolvable: typeof isResolvableInNode = () => Promise.resolve(false);
