import type { Catalogue } from '../export-entry';

export const visCatalogue: Catalogue = {};
