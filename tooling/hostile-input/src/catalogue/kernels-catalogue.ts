import type { Catalogue } from '../export-entry';

export const kernelsCatalogue: Catalogue = {};
