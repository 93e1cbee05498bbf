import { explainAccess, checkAccess, locatorFromTexts, piiPaths, whoCan } from '../access/index.js';
import type { AccessCheck, AccessExplanation, PiiReport, WhoCan } from '../access/index.js';
import type { Action } from '../kinds/index.js';
import { readAhead } from '../load/read-ahead.js';
import type { ValidateReport } from '../validate/report.js';
import { loadAndValidate, validateReport } from './load-config.js';

/** A question about the access rules of one environment. */
export type AccessQuestion =
  | { kind: 'check' | 'explain'; env: string; subject: string; action: string; resource: string }
  | { kind: 'who-can'; env: string; action: string; resource: string }
  | { kind: 'pii'; env: string };

export type AccessResult =
  | { kind: 'check'; answer: AccessCheck }
  | { kind: 'explain'; answer: AccessExplanation }
  | { kind: 'who-can'; answer: WhoCan }
  | { kind: 'pii'; answer: PiiReport }
  /** The configuration does not validate: no answer drawn from it can be trusted. */
  | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * `slipway access`: answers a question from the working tree's configuration, with the lines of
 * the rules behind the answer. A question that cannot be asked (unknown environment, malformed
 * subject, action or resource) throws the domain's AccessQueryError.
 */
export async function askAccess(root: string, question: AccessQuestion): Promise<AccessResult> {
  const tree = readAhead(root);
  const checked = await loadAndValidate(tree);
  if (checked.result.errors > 0) return { kind: 'invalid', report: validateReport(checked), source: tree.description };
  const config = checked.result.config;
  const q = question;
  switch (q.kind) {
    case 'check':
    case 'explain': {
      const locate = locatorFromTexts(checked.loaded.texts);
      const action = q.action as Action; // checked by the domain, which throws for an unknown action
      return q.kind === 'check'
        ? { kind: 'check', answer: checkAccess(config, q.env, q.subject, action, q.resource, { locate }) }
        : { kind: 'explain', answer: explainAccess(config, q.env, q.subject, action, q.resource, { locate }) };
    }
    case 'who-can':
      return { kind: 'who-can', answer: whoCan(config, q.env, q.action as Action, q.resource) };
    case 'pii':
      return { kind: 'pii', answer: piiPaths(config, q.env) };
  }
}
