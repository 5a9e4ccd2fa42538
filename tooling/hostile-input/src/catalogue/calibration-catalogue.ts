import type { Catalogue } from '../export-entry';

export const calibrationCatalogue: Catalogue = {};
