import type { Static } from 'typebox';
import { MlpOptionsSchema } from './mlp.js';
import { withoutDefaults } from './without-defaults.js';

/** The MLP's drawing options as query parameters (and Kroki's `diagram_options`), where they win over the spec's own. */
export const MlpQuerySchema = withoutDefaults(MlpOptionsSchema);

export type MlpQuery = Static<typeof MlpQuerySchema>;
