import type { Diagnostic } from '../validate/diagnostic.js';
import type { FormatOptions, ValidateReport } from './report.js';

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `file:line:col  severity  code  message`, a code frame of the line, and a summary line. */
export function formatText(report: ValidateReport, options: FormatOptions): string {
  const red = paint(options.color, '31');
  const yellow = paint(options.color, '33');
  const dim = paint(options.color, '2');
  const bold = paint(options.color, '1');
  const lines: string[] = [];
  for (const d of report.diagnostics) {
    const sev = d.severity === 'error' ? red('error') : yellow('warning');
    lines.push(`${bold(`${d.file}:${d.line}:${d.column}`)}  ${sev}  ${dim(d.code)}  ${d.message}`);
    const frame = codeFrame(report.texts?.get(d.file), d, options);
    if (frame) lines.push(frame);
    if (d.hint) lines.push(`  ${dim('hint:')} ${d.hint}`);
    lines.push('');
  }
  const summary = `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${plural(report.fileCount, 'file')}`;
  lines.push(report.errors > 0 ? red(summary) : report.warnings > 0 ? yellow(summary) : summary);
  return lines.join('\n') + '\n';
}

function codeFrame(text: string | undefined, d: Diagnostic, options: FormatOptions): string | undefined {
  if (text === undefined) return undefined;
  const line = text.split('\n')[d.line - 1];
  if (line === undefined) return undefined;
  const shown = line.replace(/\r$/, '').replace(/\t/g, ' ');
  const gutter = `${d.line} | `;
  const width = d.endLine === d.line && d.endColumn !== undefined ? Math.max(1, d.endColumn - d.column) : Math.max(1, shown.trimEnd().length - (d.column - 1));
  const caret = ' '.repeat(gutter.length + d.column - 1) + '^'.repeat(Math.min(width, Math.max(1, shown.length - d.column + 1)));
  const mark = options.color ? `\u001b[${d.severity === 'error' ? '31' : '33'}m${caret}\u001b[0m` : caret;
  return `  ${gutter}${shown}\n  ${mark}`;
}
