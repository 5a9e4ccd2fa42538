const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (...args: unknown[]) => void;

interface ProcessLike {
  listeners(event: string): Listener[];
  removeListener(event: string, listener: Listener): unknown;
}

/**
 * Runs `body` (the wasm backend's initialisation) and removes the `uncaughtException` and `unhandledRejection`
 * listeners it added to the Node process. tfjs-backend-wasm's Emscripten runtime adds two that rethrow every error
 * they get, so Node would report any uncaught error of the program, ours and the user's alike, at that runtime's
 * `throw ex` line, and would turn unhandled rejections into crashes even under `--unhandled-rejections=warn`.
 * Without them Node reports errors where they were thrown. Nothing happens outside Node.
 * @internal
 */
export async function keepProcessHandlers<T>(body: () => Promise<T>): Promise<T> {
  const process = (globalThis as { process?: Partial<ProcessLike> }).process;
  if (typeof process?.listeners !== 'function' || typeof process.removeListener !== 'function') return body();
  const node = process as ProcessLike;
  const before = EVENTS.map((event) => new Set(node.listeners(event)));
  try {
    return await body();
  } finally {
    EVENTS.forEach((event, index) => {
      for (const listener of node.listeners(event)) {
        if (!before[index]?.has(listener)) node.removeListener(event, listener);
      }
    });
  }
}
