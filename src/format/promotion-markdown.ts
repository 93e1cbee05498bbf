import { validateSummaryLine } from './summary.js';
import type { Delivery } from '../app/promotion.js';
import type { PromotionPlan } from '../promote/plan.js';
import { describeTraffic } from '../promote/traffic.js';
import { formatGateMarkdown } from './gate-markdown.js';
import { describeGate } from './gate-view.js';

/** Marks pull requests Slipway wrote. */
const PR_MARKER = '<!-- slipway:promotion -->';

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
export function formatPullRequestBody({ plan, validate, gate }: Delivery): string {
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
    gate.kind === 'report'
      ? formatGateMarkdown(describeGate(gate.report)).trim()
      : `_Not run: ${gate.reason}._ The gate check on this pull request has the final word.`,
    '',
    '### Validate',
    '',
    `${validateSummaryLine(validate)} after this change${validate.introduced.length > 0 ? '; introduced by it:' : '; none introduced by it.'}`,
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
