export { testBackend, tolerance, type TestBackend, type Tolerance } from './test-backend';
export { expectClose } from './expect-close';
export { expectIdentical } from './expect-identical';
export { expectNoLeak } from './expect-no-leak';
export { loadFixture } from './load-fixture';
export { withChromium, type WithChromiumOptions } from './with-chromium';
