import { accessRules } from './access.js';
import { approverRules } from './approvers.js';
import { consumptionRules } from './consumption.js';
import type { Rule } from './context.js';
import { dataRules } from './data.js';
import { errorPolicyRules } from './errors.js';
import { formatRules } from './formats.js';
import { layoutRules } from './layout.js';
import { piiFlowRules } from './pii-flow.js';
import { promotionRules } from './promotion.js';
import { referenceRules } from './references.js';
import { secretRules } from './secrets.js';
import { targetRules } from './target.js';
import { trafficRules } from './traffic.js';

/** Every semantic rule module, one per area. */
export const RULE_MODULES: readonly Rule[] = [
  layoutRules,
  referenceRules,
  trafficRules,
  consumptionRules,
  accessRules,
  piiFlowRules,
  errorPolicyRules,
  dataRules,
  promotionRules,
  approverRules,
  formatRules,
  secretRules,
  targetRules,
];
