import type { Diagnostic } from '../model/diagnostic.js';
import type { FormatOptions, ValidateReport } from './report.js';
import { validateSummaryLine, withPrefix } from './summary.js';
import { visible } from './escape.js';

const ESCAPES: Record<string, string> = { '%': '%25', '\r': '%0D', '\n': '%0A', ':': '%3A', ',': '%2C' };
const escapeChar = (c: string): string => ESCAPES[c] ?? c;

/** Escapes a workflow command's message, as the Actions runner unescapes it: `%`, CR, LF. */
export function escapeData(s: string): string {
  return s.replace(/[%\r\n]/g, escapeChar);
}

/** Escapes a workflow command's property value: also `:` and `,`, which end a property. */
export function escapeProperty(s: string): string {
  return s.replace(/[%\r\n:,]/g, escapeChar);
}

/**
 * GitHub Actions workflow commands (`::error file=...,line=...::message`): each diagnostic
 * becomes an annotation on the pull request's files, then a plain summary line for the log.
 */
export function formatGithub(report: ValidateReport, options: Pick<FormatOptions, 'pathPrefix'> = {}): string {
  const lines = report.diagnostics.map((d) => annotation(d, options.pathPrefix));
  lines.push(validateSummaryLine(report));
  return lines.join('\n') + '\n';
}

function annotation(d: Diagnostic, prefix: string | undefined): string {
  const props: Array<[string, string | number]> = [
    ['file', withPrefix(d.file, prefix)],
    ['line', d.line],
    ['col', d.column],
  ];
  // Annotations take columns only within one line (as @actions/core documents), so a span
  // across lines is shown by its start.
  if (d.endLine === d.line && d.endColumn !== undefined && d.endColumn > d.column) {
    props.push(['endLine', d.endLine], ['endColumn', d.endColumn]);
  }
  props.push(['title', d.code]);
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
  const command = d.severity === 'error' ? 'error' : 'warning';
  // Other control characters (ANSI escapes) would reach the log viewer: shown, not obeyed.
  return `::${command} ${props.map(([k, v]) => `${k}=${visible(escapeProperty(String(v)))}`).join(',')}::${visible(escapeData(message))}`;
}
