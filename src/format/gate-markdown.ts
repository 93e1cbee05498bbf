import { changeSubject } from '../gate/changes.js';
import { MARK, VERDICT_WORD } from './gate-symbols.js';
import { mdCode, mdText } from './escape.js';
import type { CheckView, GateView } from './gate-view.js';

const ICON = { pass: '✅', fail: '❌', pending: '⏳' } as const;
const MAX_DIAGNOSTICS = 50;

/** Table cells hold one line: pipes and backslashes escaped, control characters shown, no HTML. */
const cell = mdText;
const code = mdCode;
const checkLine = (c: CheckView, text: (s: string) => string = mdText): string =>
  `${MARK[c.verdict]} **${c.check}**: ${text(c.reason)}`;

/**
 * The gate report as GitHub-flavoured markdown: the PR comment and the check run summary, and the
 * body `slipway promote` writes for its pull request.
 */
export function formatGateMarkdown(report: GateView): string {
  const lines: string[] = [
    `### ${ICON[report.verdict]} Slipway gate ${VERDICT_WORD[report.verdict]}`,
    '',
    `**${mdText(report.headline)}**`,
    '',
  ];
  for (const note of report.evidence.soakNotes) lines.push(`> [!NOTE]`, `> ${mdText(note.text)}`, '');
  if (report.policyNotice) lines.push(`> [!WARNING]`, `> ${mdText(report.policyNotice)}`, '');
  if (report.changes.length > 0) {
    lines.push('| | Environment | Change | From → To | Checks |', '|---|---|---|---|---|');
    for (const c of report.changes) {
      const checks = c.checks.length > 0 ? c.checks.map((r) => cell(checkLine(r, (s) => s))).join('<br>') : '—';
      lines.push(
        `| ${MARK[c.verdict]} | ${cell(c.change.env ?? '—')} | ${code(changeSubject(c.change))} ${cell(c.summary)} | ${cell(c.from === '—' && c.to === '—' ? '—' : `${c.from} → ${c.to}`)} | ${checks} |`,
      );
    }
    lines.push('');
  }
  lines.push('**Pull request**', '');
  for (const r of report.checks) lines.push(`- ${checkLine(r)}`);
  lines.push('');
  if (report.diagnostics.length > 0) {
    lines.push(`<details><summary>Errors in ${cell(report.head.rev)} (${report.diagnostics.length})</summary>`, '');
    for (const d of report.diagnostics.slice(0, MAX_DIAGNOSTICS))
      lines.push(`- ${code(`${d.file}:${d.line}:${d.column}`)} ${code(d.code)} ${mdText(d.message)}`);
    if (report.diagnostics.length > MAX_DIAGNOSTICS)
      lines.push(`- … and ${report.diagnostics.length - MAX_DIAGNOSTICS} more (run \`slipway validate\`)`);
    lines.push('', '</details>', '');
  }
  lines.push(
    `<sub>base ${code(report.base.rev)} (${report.base.commit.slice(0, 7)}) · head ${code(report.head.rev)} (${report.head.commit.slice(0, 7)}) · soak evidence: ${mdText(report.evidence.soak)} · ${mdText(report.evidence.reviews ?? 'reviews not read')}</sub>`,
  );
  return lines.join('\n') + '\n';
}
