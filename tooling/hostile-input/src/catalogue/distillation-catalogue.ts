import type { Catalogue } from '../export-entry';

export const distillationCatalogue: Catalogue = {};
