import type { Catalogue } from '../export-entry';

export const smoothingCatalogue: Catalogue = {};
