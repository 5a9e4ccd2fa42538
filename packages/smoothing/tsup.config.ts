import { libraryBuild } from '../../tooling/tsconfig/tsup-library';

export default libraryBuild();
