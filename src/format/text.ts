import { LineStarts } from '../load/line-starts.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { inline, visible } from './escape.js';
import type { FormatOptions, ValidateReport } from './report.js';
import { palette } from './style.js';
import { validateSummaryLine } from './summary.js';

/** Frames wider than this are cut to a window around the offending column. */
const FRAME_WIDTH = 120;

/**
 * `file:line:col  severity  code  message`, a code frame of the offending line with carets under
 * the offending node, the hint, and a summary line (`3 errors, 1 warning in 42 files`).
 */
export function formatText(report: ValidateReport, options: FormatOptions): string {
  const { red, yellow, dim, bold, cyan } = palette(options.color);
  const out: string[] = [];
  const lines = new SourceLines(report.texts);
  for (const d of report.diagnostics) {
    const sevColor = d.severity === 'error' ? red : yellow;
    const where = `${inline(d.file)}:${d.line}:${d.column}`;
    out.push(`${bold(where)}  ${sevColor(d.severity)}  ${dim(d.code)}  ${inline(d.message)}`);
    const frame = codeFrame(lines.line(d.file, d.line), d);
    if (frame) {
      out.push(`  ${dim(frame.gutter)}${frame.line}`);
      out.push(
        `  ${' '.repeat(frame.gutter.length)}${' '.repeat(frame.caretStart)}${sevColor('^'.repeat(frame.caretWidth))}`,
      );
    }
    if (d.hint) out.push(`  ${cyan('hint:')} ${inline(d.hint)}`);
    out.push('');
  }
  const summary = validateSummaryLine(report);
  out.push(report.errors > 0 ? red(summary) : report.warnings > 0 ? yellow(summary) : summary);
  return out.join('\n') + '\n';
}

export interface CodeFrame {
  /** `12 | ` */
  gutter: string;
  /** The offending line, made visible and cut to a window around the column. */
  line: string;
  /** Characters before the first caret, relative to `line`. */
  caretStart: number;
  caretWidth: number;
}

/** The offending line with the span to underline; undefined when the line is unknown. */
export function codeFrame(
  raw: string | undefined,
  d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>,
): CodeFrame | undefined {
  if (raw === undefined) return undefined;
  // A tab is one column to the YAML parser, so one space keeps the carets where they belong.
  const full = visible(raw.replace(/\t/g, ' '));
  const start = Math.min(Math.max(0, d.column - 1), full.length);
  const lineEnd = Math.max(start + 1, full.trimEnd().length);
  const end =
    d.endLine === d.line && d.endColumn !== undefined && d.endColumn - 1 > start
      ? Math.min(d.endColumn - 1, lineEnd)
      : lineEnd;
  let from = 0;
  let to = full.length;
  if (full.length > FRAME_WIDTH) {
    from = Math.max(0, Math.min(start - 20, full.length - FRAME_WIDTH));
    to = Math.min(full.length, from + FRAME_WIDTH);
  }
  const before = from > 0 ? '…' : '';
  const after = to < full.length ? '…' : '';
  const shown = before + full.slice(from, to) + after;
  const caretStart = before.length + start - from;
  const caretWidth = Math.max(1, Math.min(end, to) - start);
  return { gutter: `${d.line} | `, line: shown.trimEnd(), caretStart, caretWidth };
}

/**
 * Lines of the report's files by number. Each file's line starts are indexed once, so many
 * findings in one large file cost one scan, not one scan each.
 */
export class SourceLines {
  private readonly files = new Map<string, LineStarts>();

  constructor(private readonly texts: ReadonlyMap<string, string> | undefined) {}

  /** Line `n` (1-based) of `file` without its line break, or undefined. */
  line(file: string, n: number): string | undefined {
    const text = this.texts?.get(file);
    if (text === undefined || n < 1) return undefined;
    let lines = this.files.get(file);
    if (!lines) this.files.set(file, (lines = new LineStarts(text)));
    return lines.line(n);
  }
}
