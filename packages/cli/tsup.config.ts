import { libraryBuild } from '../../tooling/tsconfig/tsup-library';

export default libraryBuild({ entry: ['src/index.ts', 'src/cli.ts'] });
