import { GENERATED_TRAILER } from './branch.js';
import type { PromotionPlan } from './plan.js';
import { describeTraffic } from './traffic.js';

/**
 * What a promotion writes to git and sets on its pull request: the commit message and the labels.
 * The pull request's body, which shows the advisory reports, is src/format/promotion-markdown.ts.
 */

function where(plan: PromotionPlan): string {
  return plan.copiedFrom
    ? `Deployment ${plan.deployment} in ${plan.change.path} (new, copied from ${plan.copiedFrom.file})`
    : `Deployment ${plan.deployment} in ${plan.change.path}`;
}

/** Subject, what changed, and the trailer that lets a later run replace this branch. */
export function commitMessage(plan: PromotionPlan): string {
  return [
    plan.title,
    '',
    where(plan),
    `traffic before: ${describeTraffic(plan.before)}`,
    `traffic after:  ${describeTraffic(plan.after)}`,
    ...plan.notes.map((n) => `note: ${n}`),
    '',
    GENERATED_TRAILER,
    '',
  ].join('\n');
}

export function pullRequestLabels(plan: PromotionPlan): string[] {
  return [plan.action === 'rollback' ? 'rollback' : 'promotion', `env:${plan.env}`];
}
