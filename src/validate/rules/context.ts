import type { SourceDocument } from '../../load/parse.js';
import type { RuleCode } from '../../model/rule-codes.js';
import type { TreeScope } from '../../load/tree.js';
import type { Config } from '../../world/config.js';
import type { Finding, PathSegment, Severity } from '../../model/diagnostic.js';
import { ruleInfo } from '../../model/rule-codes.js';

export interface DocRef {
  file: string;
  index: number;
}

interface Report {
  code: RuleCode;
  message: string;
  hint?: string;
  path: PathSegment[];
  at?: 'key' | 'value';
  /** Defaults to the code's severity in RULES. */
  severity?: Severity;
  /** See `Diagnostic.related`. */
  related?: string[];
}

export interface RuleContext {
  readonly config: Config;
  /** Every parsed document, valid or not (for checks such as inline credentials that apply to all). */
  readonly documents: readonly SourceDocument[];
  /** Only these environments' resources were loaded (plan and apply of some environments). */
  readonly scope?: TreeScope;
  report(doc: DocRef, report: Report): void;
}

/** A semantic rule: a pure function over the resolved configuration. */
export type Rule = (ctx: RuleContext) => void;

export function createContext(
  config: Config,
  sink: Finding[],
  documents: readonly SourceDocument[] = [],
  scope?: TreeScope,
): RuleContext {
  return {
    config,
    documents,
    ...(scope ? { scope } : {}),
    report(doc, r) {
      const severity = r.severity ?? ruleInfo(r.code)?.severity ?? 'error';
      const finding: Finding = {
        severity,
        code: r.code,
        message: r.message,
        file: doc.file,
        document: doc.index,
        path: r.path,
      };
      if (r.hint) finding.hint = r.hint;
      if (r.at) finding.at = r.at;
      if (r.related) finding.related = r.related;
      sink.push(finding);
    },
  };
}
