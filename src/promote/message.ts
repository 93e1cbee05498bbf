import type { GateAdvice, ValidateAdvice } from './advisory.js';
import { GENERATED_TRAILER } from './branch.js';
import type { PromotionPlan } from './plan.js';
import { describeTraffic } from './traffic.js';

/** Pure text for a promotion: the commit message, the pull request body and its labels. */

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

/** Marks pull requests Slipway wrote. */
export const PR_MARKER = '<!-- slipway:promotion -->';

function checklist(plan: PromotionPlan): string[] {
  const { model, version, env } = plan;
  if (plan.action === 'rollback') {
    return [
      `- [ ] ${version} is a version we trust in ${env} (it was live before, and nothing it depends on has changed since)`,
      `- [ ] The incident or regression that prompted this rollback is linked here`,
      `- [ ] Consumers of ${plan.deployment} accept ${version} (the gate checks contracts; read its report above)`,
      `- [ ] Someone watches ${plan.deployment}'s error rate and latency after the merge is applied`,
    ];
  }
  return [
    `- [ ] ${model} ${version}'s metrics meet ${env}'s promotion gates (see the gate report)`,
    `- [ ] ${version} soaked long enough in the previous environment`,
    `- [ ] The diff only touches traffic${plan.copiedFrom ? ', and the copied Deployment fits ' + env + ' (endpoint, resources, inputs, error policy)' : ''}`,
    ...(plan.canary !== undefined
      ? [`- [ ] The canary share (${plan.canary}%) and how long it runs are agreed with the owners`]
      : []),
    `- [ ] Someone watches ${plan.deployment}'s error rate and latency after the merge is applied`,
    `- [ ] Rollback plan: \`slipway rollback ${model} --env ${env}\``,
  ];
}

/** The pull request body: what changes, the advisory reports, and a reviewer checklist. */
export function pullRequestBody(plan: PromotionPlan, validate: ValidateAdvice, gate: GateAdvice): string {
  const lines = [
    PR_MARKER,
    `## ${plan.title}`,
    '',
    '| | |',
    '|---|---|',
    `| Deployment | \`${plan.deployment}\` in \`${plan.change.path}\`${plan.copiedFrom ? ` (new, copied from \`${plan.copiedFrom.file}\`)` : ''} |`,
    `| Traffic before | ${describeTraffic(plan.before)} |`,
    `| Traffic after | ${describeTraffic(plan.after)} |`,
    ...plan.notes.map((n) => `| Note | ${n} |`),
    '',
    '### Gate',
    '',
    gate.type === 'report'
      ? gate.markdown.trim()
      : `_Not run: ${gate.reason}._ The gate check on this pull request has the final word.`,
    '',
    '### Validate',
    '',
    `${validate.errors} errors, ${validate.warnings} warnings in ${validate.fileCount} files after this change${validate.introduced.length > 0 ? '; introduced by it:' : '; none introduced by it.'}`,
    ...(validate.introduced.length > 0
      ? [
          '',
          ...validate.introduced.map(
            (d) => `- \`${d.file}:${d.line}:${d.column}\` **${d.severity}** \`${d.code}\` ${d.message}`,
          ),
        ]
      : []),
    '',
    '### Reviewer checklist',
    '',
    ...checklist(plan),
    '',
    `_Written by \`slipway ${plan.action}\`._`,
    '',
  ];
  return lines.join('\n');
}
