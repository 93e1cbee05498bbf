import { validateSummaryLine } from './summary.js';
import type { Delivery, PromotionResult } from '../app/promotion.js';
import { describeTraffic } from '../promote/traffic.js';
import { formatGateText } from './gate-text.js';
import { describeGate } from './gate-view.js';
import { plural } from './style.js';
import { formatText } from './text.js';

/** Text for one of the two streams, in the order it is written. */
export interface Chunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * A written promotion branch for the terminal: the change, its diff, the advisory validate and
 * gate reports (warnings on standard error), and where the branch is.
 */
export function formatDelivery(d: Delivery): Chunk[] {
  const { plan, validate, gate } = d;
  const chunks: Chunk[] = [];
  const out = (text: string): void => void chunks.push({ stream: 'stdout', text });
  const err = (text: string): void => void chunks.push({ stream: 'stderr', text });

  out(`${plan.title}\n`);
  out(
    `  ${plan.copiedFrom ? `new Deployment ${plan.deployment} in ${plan.change.path}, copied from ${plan.copiedFrom.file}` : `Deployment ${plan.deployment} in ${plan.change.path}`}\n`,
  );
  out(`  traffic: ${describeTraffic(plan.before)} -> ${describeTraffic(plan.after)}\n`);
  for (const note of plan.notes) out(`  note: ${note}\n`);
  out(`\n${d.diff}\n\n`);

  out(`validate: ${validateSummaryLine(validate)} after the change\n`);
  if (validate.introduced.length > 0) {
    const errors = validate.introduced.filter((x) => x.severity === 'error').length;
    const text = formatText(
      {
        diagnostics: validate.introduced,
        errors,
        warnings: validate.introduced.length - errors,
        fileCount: validate.fileCount,
        texts: validate.texts,
      },
      { color: false },
    );
    // Without its summary line: the validate line above says it.
    out(text.replace(/\n[^\n]*\n$/, '\n'));
    err(
      `warning: this change introduces ${plural(validate.introduced.length, 'validate finding')} (advisory: the branch was written anyway)\n`,
    );
  }
  if (gate.kind === 'report') {
    out(
      `\ngate (advisory; the pull request's gate check decides):\n${formatGateText(describeGate(gate.report), { color: false })}`,
    );
    if (gate.report.verdict === 'fail')
      err('warning: the gate would block this change (advisory: the branch was written anyway)\n');
  } else {
    out(`gate: not run (${gate.reason})\n`);
  }

  const head = d.base.commit.slice(0, 7);
  out(
    `\nbranch ${d.branch} ${d.replaced ? 'updated' : 'created'} at ${d.commit.slice(0, 7)} (on top of ${d.base.branch ?? head} at ${head})\n`,
  );
  out(
    `your working tree is unchanged${d.base.branch ? ` and ${d.base.branch} is still checked out` : ''}; to look at the change: git switch ${d.branch}\n`,
  );
  return chunks;
}

/** The last words of a promotion or rollback: nothing to do, how to propose the branch, or the pull request. */
export function formatPromotionResult(result: PromotionResult): string {
  switch (result.kind) {
    case 'unchanged':
      return `${result.message}\n`;
    case 'written':
      return `to propose it: git push -u origin ${result.branch}, or run again with --pr\n`;
    case 'pushed':
      return `pushed ${result.branch} to origin\npull request #${result.pr.number} ${result.pr.created ? 'opened' : 'updated'}: ${result.pr.url}\n`;
  }
}
