import type { RuleCode } from './rule-codes.js';

/** How bad a finding is: errors fail `validate`, warnings do not. */
export type Severity = 'error' | 'warning';

/** A located finding, as every output format shows it. */
/**
 * A located finding, as every output format shows it. `C` is the code's type: a `RuleCode` for
 * what `validate` reports; positions are also located for other tags (the gate's change types).
 */
export interface Diagnostic<C extends string = RuleCode> {
  severity: Severity;
  /** Stable kebab-case rule code, see docs/rules.md. */
  code: C;
  message: string;
  /** Path relative to the repository root, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 1-based end of the offending node, when known. */
  endLine?: number;
  endColumn?: number;
  /** JSON pointer to the offending node within its YAML document (`""` for the whole file). */
  path: string;
  /** Index of the YAML document within a multi-document file (0-based). */
  document?: number;
  /** How to fix it. */
  hint?: string;
  /**
   * The other files a finding about several files is also reported in (a path two deployments
   * share): the gate keeps only the copies in files its pull request changed. Not printed.
   */
  related?: string[];
}

/** One segment of a path into a document. */
export type PathSegment = string | number;

/**
 * A finding before its line and column are known. Rules emit these; positions are resolved
 * afterwards, and only for the documents that have findings, because position-keeping
 * parses are several times slower than plain ones.
 */
export interface Finding<C extends string = RuleCode> {
  severity: Severity;
  code: C;
  message: string;
  hint?: string;
  file: string;
  /** Index of the YAML document in the file. */
  document: number;
  /** Path to the offending node; the deepest node that exists is used. */
  path: PathSegment[];
  /** Point at the mapping key of the last segment instead of its value (unknown fields). */
  at?: 'key' | 'value';
  /**
   * A variant of the message and hint that quotes the offending scalar as written in the file: the
   * locator replaces `{source}` with that text when it differs from `unless` (e.g. `1.10`, which
   * YAML reads as the number 1.1). Source text is only known once positions are resolved.
   */
  withSource?: { message: string; hint?: string; unless: string };
  /** See `Diagnostic.related`. */
  related?: string[];
  /** Already known position (parse errors). */
  position?: { line: number; column: number };
}

export function toPointer(path: readonly PathSegment[]): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** `spec.traffic[1].percent`: the form people read in messages. */
export function toDotted(path: readonly PathSegment[]): string {
  let out = '';
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += (out ? '.' : '') + s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out || '(document)';
}

export function compareDiagnostics(a: Diagnostic<string>, b: Diagnostic<string>): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export interface Counts {
  errors: number;
  warnings: number;
}

export function countSeverities(diagnostics: readonly Diagnostic<string>[]): Counts {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
