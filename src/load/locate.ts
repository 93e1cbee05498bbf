import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import { parseWithPositions, yamlPackage } from './yaml-lazy.js';
import { compareDiagnostics, toPointer, type Diagnostic, type Finding, type PathSegment } from '../model/diagnostic.js';

interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface ParsedSource {
  docs: Document.Parsed[];
  lines: LineCounter;
}

/**
 * Resolves findings to lines and columns. Each file with findings is parsed once more with the
 * position-keeping `yaml` parser, lazily; files without findings are never parsed twice.
 */
export function locateFindings<C extends string>(
  findings: readonly Finding<C>[],
  texts: ReadonlyMap<string, string>,
): Diagnostic<C>[] {
  const cache = new Map<string, ParsedSource | null>();
  const sourceOf = (file: string): ParsedSource | null => {
    let parsed = cache.get(file);
    if (parsed === undefined) {
      const text = texts.get(file);
      parsed = null;
      if (text !== undefined) {
        const lines = new (yamlPackage().LineCounter)();
        try {
          parsed = { docs: parseWithPositions(text, { lineCounter: lines, uniqueKeys: false, strict: false }), lines };
        } catch {
          parsed = null;
        }
      }
      cache.set(file, parsed);
    }
    return parsed;
  };

  const out = findings.map((f): Diagnostic<C> => {
    const base: Diagnostic<C> = {
      severity: f.severity,
      code: f.code,
      message: f.message,
      file: f.file,
      line: f.position?.line ?? 1,
      column: f.position?.column ?? 1,
      path: toPointer(f.path),
      document: f.document,
    };
    if (f.hint) base.hint = f.hint;
    if (f.related) base.related = f.related;
    if (f.position) return base;
    const source = sourceOf(f.file);
    const doc = source && Array.isArray(source.docs) ? source.docs[f.document] : undefined;
    if (!source || !doc) return base;
    const found = rangeOf(doc, f.path, f.at ?? 'value', source.lines, texts.get(f.file) ?? '');
    if (!found) return base;
    const { text, ...range } = found;
    const located: Diagnostic<C> = { ...base, ...range };
    if (f.withSource && text !== undefined && text !== f.withSource.unless) {
      located.message = f.withSource.message.replaceAll('{source}', text);
      if (f.withSource.hint !== undefined) located.hint = f.withSource.hint.replaceAll('{source}', text);
    }
    return located;
  });
  return out.sort(compareDiagnostics);
}

/** The range of the node at `path` (or the deepest that exists), and its source text when it is a scalar. */
function rangeOf(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  at: 'key' | 'value',
  lines: LineCounter,
  text: string,
): (Range & { text?: string }) | undefined {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlPackage();
  let node: unknown = doc.contents;
  if (path.length === 0 && (node === null || (isScalar(node) && node.value === null))) {
    // An empty document: point at its `---` marker rather than at the nothing after it.
    const marker = text.indexOf('---', doc.range[0]);
    const offset = marker >= 0 && marker <= doc.range[2] ? marker : doc.range[0];
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col, endLine: pos.line, endColumn: pos.col + 3 };
  }
  let keyNode: unknown;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair) {
        keyNode = pair.key;
        next = pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null) break; // the deepest node that exists
    node = next;
  }
  const target = (at === 'key' && keyNode ? keyNode : node) as YamlNode | null | undefined;
  const range = target && 'range' in target ? target.range : undefined;
  if (!range) return undefined;
  const start = lines.linePos(range[0]);
  const end = lines.linePos(Math.max(range[0], range[1]));
  const located: Range & { text?: string } = {
    line: start.line,
    column: start.col,
    endLine: end.line,
    endColumn: end.col,
  };
  if (isScalar(target)) located.text = text.slice(range[0], range[1]);
  return located;
}
