import type { ResourceChange } from '../model/change.js';
import type { PlanSummary } from '../plan/plan.js';
import type { PlanReport } from '../plan/report.js';
import type { FieldChange } from '../model/diff.js';
import type { DeliveryPlan, ObjectChange } from '../render/types.js';
import { inline } from './escape.js';
import { formatNotEnforcedText } from './not-enforced-text.js';
import type { FormatOptions } from './report.js';
import { palette, plural } from './style.js';

export const SYMBOL: Record<ResourceChange['action'], string> = { create: '+', update: '~', delete: '-', 'no-op': ' ' };

/** A value as people read it: bare words unquoted, anything else as compact JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string' && /^[\w.:/@+\-*^~<>=]+$/.test(value)) return value;
  // JSON escapes C0 controls but not C1 ones or U+2028/2029.
  return inline(JSON.stringify(value) ?? 'null');
}

/** `spec.traffic[1].percent: 10 → 50`, `+ spec.inputs[1]: orders`, `- metadata.labels.team: risk`. */
export function showFieldChange(c: FieldChange): string {
  if (!('before' in c)) return `+ ${inline(c.path)}: ${showValue(c.after)}`;
  if (!('after' in c)) return `- ${inline(c.path)}: ${showValue(c.before)}`;
  return `${inline(c.path)}: ${showValue(c.before)} → ${showValue(c.after)}`;
}

export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40,64}$/.test(revision) ? revision.slice(0, 7) : inline(revision);
}

export function describeSource(report: Pick<PlanReport, 'revision' | 'dirty'>): string {
  // Outside git, or before the first commit, there is no commit to name and nothing "uncommitted" to speak of.
  if (report.revision === 'working-tree') return 'working-tree (no git commit)';
  const rev = shortRevision(report.revision);
  return report.dirty ? `${rev} with uncommitted changes` : rev;
}

export const DRIFT_TEXT = {
  changed: 'changed outside slipway',
  missing: 'missing from the target',
  unrecorded: 'on the target but not recorded',
} as const;

/** One line for a resource; a Deployment's traffic is shown when it is created. */
export function changeHeadline(c: ResourceChange): string {
  let line = `${SYMBOL[c.action]} ${c.kind}/${c.name}`;
  if (c.action === 'create' && c.kind === 'Deployment') {
    const spec = c.after.spec as { traffic?: Array<{ version: string; percent: number }> };
    if (spec.traffic) line += `  traffic: ${spec.traffic.map((t) => `${t.version} ${t.percent}%`).join(', ')}`;
  }
  if (c.drift) line += `  (drift: ${DRIFT_TEXT[c.drift]})`;
  return inline(line);
}

/** `1 to add, 2 to change, 0 to destroy`: the plan's counts, in its text and markdown formats. */
export function planSummaryLine(s: Pick<PlanSummary, 'add' | 'change' | 'destroy'>): string {
  return `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy`;
}

export const OBJECT_SYMBOL: Record<ObjectChange['action'], string> = { add: '+', change: '~', remove: '-' };

/** `deploy/prod at 1a2b3c4`, or `deploy/prod (not created yet)`. */
export function branchAt(plan: Pick<DeliveryPlan, 'branch' | 'commit'>): string {
  const branch = inline(plan.branch);
  return plan.commit === null ? `${branch} (not created yet)` : `${branch} at ${shortRevision(plan.commit)}`;
}

/** `1 to add, 2 to change, 0 to remove, 8 unchanged`: the objects of a deploy commit. */
export function deliverySummary(plan: DeliveryPlan): string {
  const { add, change, remove, unchanged } = plan.summary;
  return `${add} to add, ${change} to change, ${remove} to remove, ${unchanged} unchanged`;
}

/** The objects a deploy commit adds, changes or removes: one line each, a changed one's fields below it. */
function deliveryLines(plan: DeliveryPlan, paint: Record<ObjectChange['action'], (s: string) => string>): string[] {
  const { add, change, remove, unchanged } = plan.summary;
  if (add + change + remove === 0)
    return [
      `Deploy branch ${branchAt(plan)} holds these manifests (${unchanged} object${unchanged === 1 ? '' : 's'}).`,
    ];
  const lines = [`Deploy branch ${branchAt(plan)}, ${inline(plan.path)}/manifest.yaml:`, ''];
  for (const o of plan.objects) {
    const line = inline(`${OBJECT_SYMBOL[o.action]} ${o.kind}/${o.name}`);
    lines.push(`  ${paint[o.action](line)}`);
    for (const f of o.diff) lines.push(`      ${showFieldChange(f)}`);
  }
  lines.push('', `Deploy: ${deliverySummary(plan)}.`);
  return lines;
}

/** The deploy-branch part of a plan (text): the objects that change, then what is not enforced. */
function formatDeliveryText(
  env: string,
  plan: DeliveryPlan,
  paint: Record<ObjectChange['action'], (s: string) => string>,
): string {
  const notEnforced = formatNotEnforcedText(env, plan.notEnforced);
  return `${deliveryLines(plan, paint).join('\n')}\n${notEnforced ? `\n${notEnforced}` : ''}`;
}

/** Terraform-like: one `+ ~ -` line per changed resource, its field changes, and a summary. */
export function formatPlanText(report: PlanReport, options: FormatOptions): string {
  const { green, yellow, red, bold } = palette(options.color);
  const colour = { create: green, update: yellow, delete: red, 'no-op': (s: string) => s };
  const changed = report.changes.filter((c) => c.action !== 'no-op');
  const delivery = report.delivery
    ? `\n${formatDeliveryText(report.env, report.delivery, { add: green, change: yellow, remove: red })}`
    : '';
  const env = inline(report.env);
  if (changed.length === 0) return `No changes. ${env} matches revision ${describeSource(report)}.\n${delivery}`;
  const lines = [`Plan for ${bold(env)} from revision ${describeSource(report)}:`, ''];
  for (const c of changed) {
    lines.push(`  ${colour[c.action](changeHeadline(c))}`);
    if (c.action === 'update') for (const f of c.diff) lines.push(`      ${showFieldChange(f)}`);
  }
  lines.push(
    '',
    `${bold('Plan:')} ${planSummaryLine(report.summary)}.${report.summary.drift > 0 ? ` ${plural(report.summary.drift, 'drifted resource')} will be corrected.` : ''}`,
  );
  return lines.join('\n') + '\n' + delivery;
}

/** Plans one after another: a blank line between them, except between one-line `No changes.` reports. */
export function joinPlanBlocks(blocks: readonly string[]): string {
  const oneLine = (b: string) => b.indexOf('\n') === b.length - 1;
  return blocks.reduce(
    (out, block, i) => out + (i > 0 && !(oneLine(block) && oneLine(blocks[i - 1]!)) ? '\n' : '') + block,
    '',
  );
}

/** Several environments' plans, one after another. */
export function formatPlansText(reports: readonly PlanReport[], options: FormatOptions): string {
  return joinPlanBlocks(reports.map((r) => formatPlanText(r, options)));
}
