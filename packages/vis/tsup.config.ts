import { libraryBuild } from '../../tooling/tsconfig/tsup-library';

// Keep `node:` specifiers: browser bundlers then leave the Node-only paths (writeChart) alone instead of resolving
// `fs/promises` to a polyfill.
export default libraryBuild({ removeNodeProtocol: false });
