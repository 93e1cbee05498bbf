// The `access` domain: questions about the access rules of one environment (issue 16).
export { checkAccess, explainAccess } from './explain.js';
export type { AccessCheck, AccessExplanation, MatchedRule, NearMiss } from './explain.js';
export { locatorFromTexts } from './lines.js';
export { piiPaths } from './pii.js';
export type { PiiDeploymentPath, PiiReport, PiiSink, PiiSource } from './pii.js';
export { AccessQueryError } from './query.js';
export type { AccessQueryProblem } from './query.js';
export type { RuleLocator, RuleRef } from './rules.js';
export { whoCan } from './who-can.js';
export type { Grantee, WhoCan } from './who-can.js';
