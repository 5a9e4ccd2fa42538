/** The backends a test project can run on. */
export type TestBackend = 'cpu' | 'wasm' | 'cuda';

/**
 * The backend this vitest project runs on (set per project by `tooling/vitest-config`).
 */
export function testBackend(): TestBackend {
  const name = process.env.SOFTLABELS_TEST_BACKEND ?? 'cpu';
  if (name !== 'cpu' && name !== 'wasm' && name !== 'cuda') {
    throw new Error(`SOFTLABELS_TEST_BACKEND must be cpu, wasm or cuda, got '${name}'`);
  }
  return name;
}

/** Relative and absolute tolerance for comparing float32 backend results with float64 references. */
export interface Tolerance {
  relative: number;
  absolute: number;
}

const tolerances: Record<TestBackend, Tolerance> = {
  cpu: { relative: 1e-5, absolute: 1e-6 },
  wasm: { relative: 1e-5, absolute: 1e-6 },
  // TensorFlow's GPU kernels reorder reductions and use fast math.
  cuda: { relative: 1e-4, absolute: 1e-5 },
};

/** The tolerance of the backend under test. */
export function tolerance(backend: TestBackend = testBackend()): Tolerance {
  return tolerances[backend];
}
