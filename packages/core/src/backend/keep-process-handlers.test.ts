import { describe, expect, it } from 'vitest';

import { initBackend } from './init-backend';
import { keepProcessHandlers } from './keep-process-handlers';

describe('keepProcessHandlers', () => {
  it("leaves no Emscripten handler of tfjs-backend-wasm that would report every uncaught error at its 'throw ex'", async () => {
    const handlers = (): unknown[][] => [
      process.listeners('uncaughtException'),
      process.listeners('unhandledRejection'),
    ];
    const before = handlers();
    await initBackend({ backend: 'wasm' });
    expect(handlers()).toEqual(before);
    // Emscripten's rethrowing handlers (`if (!(ex instanceof ExitStatus)) throw ex`, `throw reason`), whether this
    // process initialised the wasm backend in this test or in its setup.
    const rethrowing = handlers()
      .flat()
      .filter((listener) => /ExitStatus|throw reason/.test(String(listener)));
    expect(rethrowing).toEqual([]);
  });

  it('removes only the listeners added while its body ran, also when the body throws', async () => {
    const kept = (): void => undefined;
    const added = (): void => undefined;
    process.on('uncaughtException', kept);
    try {
      await expect(
        keepProcessHandlers(() => {
          process.on('uncaughtException', added);
          return Promise.reject(new Error('init failed'));
        }),
      ).rejects.toThrow('init failed');
      expect(process.listeners('uncaughtException')).toContain(kept);
      expect(process.listeners('uncaughtException')).not.toContain(added);
    } finally {
      process.removeListener('uncaughtException', kept);
    }
  });
});
