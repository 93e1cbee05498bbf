import { changeSubject } from '../gate/changes.js';
import type { Verdict } from '../gate/checks/types.js';
import { MARK } from './gate-symbols.js';
import type { CheckView, GateView } from './gate-view.js';
import { inline } from './escape.js';
import { palette, type Paint } from './style.js';

export interface GateTextOptions {
  color: boolean;
}

/** The gate report for a terminal or a CI log: verdict first, then one block per change. */
export function formatGateText(report: GateView, options: GateTextOptions): string {
  const { green, red, yellow, dim, bold } = palette(options.color);
  const tone: Record<Verdict, Paint> = { pass: green, fail: red, pending: yellow };
  // The reasons line up: as wide as the longest check id shown, and never narrower than before.
  const width = Math.max(
    16,
    ...[...report.checks, ...report.changes.flatMap((c) => c.checks)].map((c) => c.check.length),
  );
  const check = (c: CheckView): string =>
    `    ${tone[c.verdict](MARK[c.verdict])} ${c.check.padEnd(width)} ${inline(c.reason)}${c.evidence ? dim(` [${inline(c.evidence)}]`) : ''}`;

  const lines: string[] = [tone[report.verdict](`${MARK[report.verdict]} ${inline(report.headline)}`)];
  lines.push(
    dim(
      `  base ${inline(report.base.rev)} (${report.base.commit.slice(0, 7)}) ← head ${inline(report.head.rev)} (${report.head.commit.slice(0, 7)}); soak evidence: ${inline(report.evidence.soak)}; reviews: ${inline(report.evidence.reviews ?? 'not read (no --github)')}`,
    ),
  );
  for (const note of report.evidence.soakNotes) lines.push(`  ! ${inline(note.text)}`);
  if (report.policyNotice) lines.push(`  ! ${inline(report.policyNotice)}`);
  lines.push('');
  for (const c of report.changes) {
    const where = c.change.env ?? '(project)';
    lines.push(
      `${tone[c.verdict](MARK[c.verdict])} ${bold(inline(where))}  ${bold(inline(changeSubject(c.change)))}  ${inline(c.summary)}`,
    );
    if (c.from !== '—' || c.to !== '—') lines.push(`    ${inline(c.from)} → ${inline(c.to)}`);
    for (const r of c.checks) lines.push(check(r));
    lines.push('');
  }
  lines.push(bold('pull request'));
  for (const r of report.checks) lines.push(check(r));
  if (report.diagnostics.length > 0) {
    lines.push('', bold(`errors in ${inline(report.head.rev)}`));
    for (const d of report.diagnostics)
      lines.push(`    ${inline(d.file)}:${d.line}:${d.column}  ${d.code}  ${inline(d.message)}`);
  }
  return lines.join('\n') + '\n';
}
