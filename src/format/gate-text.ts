import { changeSubject } from '../gate/changes.js';
import type { Verdict } from '../gate/checks/types.js';
import { MARK } from './gate-symbols.js';
import type { CheckView, GateView } from './gate-view.js';
import { palette, type Paint } from './style.js';

export interface GateTextOptions {
  color: boolean;
}

/** The gate report for a terminal or a CI log: verdict first, then one block per change. */
export function formatGateText(report: GateView, options: GateTextOptions): string {
  const { green, red, yellow, dim, bold } = palette(options.color);
  const tone: Record<Verdict, Paint> = { pass: green, fail: red, pending: yellow };
  const check = (c: CheckView): string =>
    `    ${tone[c.verdict](MARK[c.verdict])} ${c.check.padEnd(16)} ${c.reason}${c.evidence ? dim(` [${c.evidence}]`) : ''}`;

  const lines: string[] = [tone[report.verdict](`${MARK[report.verdict]} ${report.headline}`)];
  lines.push(
    dim(
      `  base ${report.base.rev} (${report.base.commit.slice(0, 7)}) ← head ${report.head.rev} (${report.head.commit.slice(0, 7)}); soak evidence: ${report.evidence.soak}; reviews: ${report.evidence.reviews ?? 'not read (no --github)'}`,
    ),
  );
  if (report.policyNotice) lines.push(`  ! ${report.policyNotice}`);
  lines.push('');
  for (const c of report.changes) {
    const where = c.change.env ?? '(project)';
    lines.push(`${tone[c.verdict](MARK[c.verdict])} ${bold(where)}  ${bold(changeSubject(c.change))}  ${c.summary}`);
    if (c.from !== '—' || c.to !== '—') lines.push(`    ${c.from} → ${c.to}`);
    for (const r of c.checks) lines.push(check(r));
    lines.push('');
  }
  lines.push(bold('pull request'));
  for (const r of report.checks) lines.push(check(r));
  if (report.diagnostics.length > 0) {
    lines.push('', bold(`errors in ${report.head.rev}`));
    for (const d of report.diagnostics) lines.push(`    ${d.file}:${d.line}:${d.column}  ${d.code}  ${d.message}`);
  }
  return lines.join('\n') + '\n';
}
