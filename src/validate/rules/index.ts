import type { Rule } from './context.js';
import { layoutRules } from './layout.js';

/** Every semantic rule module, one per area. */
export const RULE_MODULES: readonly Rule[] = [layoutRules];
