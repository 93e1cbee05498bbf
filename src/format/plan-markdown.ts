import type { PlanReport } from '../plan/report.js';
import type { DeliveryPlan } from '../render/types.js';
import { mdCode, mdFenced, mdText } from './escape.js';
import { formatNotEnforcedText } from './not-enforced-text.js';
import {
  branchAt,
  changeHeadline,
  deliverySummary,
  describeSource,
  joinPlanBlocks,
  OBJECT_SYMBOL,
  showFieldChange,
  planSummaryLine,
} from './plan-text.js';

const MAX_ROWS = 200;

/** A plan for a pull-request comment: a heading, the summary, and a diff block of the changes. */
export function formatPlanMarkdown(report: PlanReport): string {
  const changed = report.changes.filter((c) => c.action !== 'no-op');
  const lines = [`### Slipway plan for ${mdCode(report.env)}`, '', `Revision ${mdCode(describeSource(report))}`, ''];
  if (changed.length === 0) {
    lines.push('**No changes.**');
    return lines.join('\n') + '\n' + deliveryMarkdown(report.env, report.delivery);
  }
  lines.push(
    `**${planSummaryLine(report.summary)}**${report.summary.drift > 0 ? ` (${report.summary.drift} drifted)` : ''}`,
    '',
    '```diff',
  );
  for (const c of changed.slice(0, MAX_ROWS)) {
    // diff syntax colours by first character: `+` green, `-` red, `!` orange for updates.
    lines.push(mdFenced(changeHeadline(c).replace(/^~/, '!')));
    if (c.action === 'update') for (const f of c.diff) lines.push(mdFenced(`    ${showFieldChange(f)}`));
  }
  if (changed.length > MAX_ROWS) lines.push(`... and ${changed.length - MAX_ROWS} more changes`);
  lines.push('```');
  return lines.join('\n') + '\n' + deliveryMarkdown(report.env, report.delivery);
}

/** The deploy branch's objects that change, and what the target does not enforce (folded). */
function deliveryMarkdown(env: string, plan: DeliveryPlan | undefined): string {
  if (!plan) return '';
  const lines = ['', `Deploy branch ${mdCode(branchAt(plan))}: **${deliverySummary(plan)}**`];
  if (plan.objects.length > 0) {
    lines.push('', '```diff');
    for (const o of plan.objects.slice(0, MAX_ROWS)) {
      lines.push(mdFenced(`${OBJECT_SYMBOL[o.action].replace('~', '!')} ${o.kind}/${o.name}`));
      for (const f of o.diff) lines.push(mdFenced(`    ${showFieldChange(f)}`));
    }
    if (plan.objects.length > MAX_ROWS) lines.push(`... and ${plan.objects.length - MAX_ROWS} more objects`);
    lines.push('```');
  }
  const notEnforced = formatNotEnforcedText(env, plan.notEnforced);
  if (notEnforced) {
    const [heading, ...rest] = notEnforced.trimEnd().split('\n');
    lines.push(
      '',
      `<details><summary>${mdText(heading!.replace(/:$/, ''))}</summary>`,
      '',
      '```',
      ...rest.map(mdFenced),
      '```',
      '',
      '</details>',
    );
  }
  return lines.join('\n') + '\n';
}

/** Several environments' plans, one after another. */
export function formatPlansMarkdown(reports: readonly PlanReport[]): string {
  return joinPlanBlocks(reports.map((r) => formatPlanMarkdown(r)));
}
