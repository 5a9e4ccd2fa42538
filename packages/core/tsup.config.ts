import { libraryBuild } from '../../tooling/tsconfig/tsup-library';

// Two entry points sharing one copy of every module (splitting in both formats), so the kernel layer and the root
// entry see the same backend state, thread pool and error classes.
export default libraryBuild({ entry: { index: 'src/index.ts', kernels: 'src/kernels/index.ts' }, splitting: true });
