import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { compareDiagnostics, toPointer, type Diagnostic, type Finding, type PathSegment } from '../validate/diagnostic.js';

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
export function locateFindings(findings: readonly Finding[], texts: ReadonlyMap<string, string>): Diagnostic[] {
  const cache = new Map<string, ParsedSource | null>();
  const sourceOf = (file: string): ParsedSource | null => {
    let parsed = cache.get(file);
    if (parsed === undefined) {
      const text = texts.get(file);
      parsed = null;
      if (text !== undefined) {
        const lines = new LineCounter();
        try {
          parsed = { docs: parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, strict: false }) as Document.Parsed[], lines };
        } catch {
          parsed = null;
        }
      }
      cache.set(file, parsed);
    }
    return parsed;
  };

  const out = findings.map((f): Diagnostic => {
    const base: Diagnostic = {
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
    if (f.position) return base;
    const source = sourceOf(f.file);
    const doc = source && Array.isArray(source.docs) ? source.docs[f.document] : undefined;
    if (!source || !doc) return base;
    const range = rangeOf(doc, f.path, f.at ?? 'value', source.lines);
    return range ? { ...base, ...range } : base;
  });
  return out.sort(compareDiagnostics);
}

function rangeOf(doc: Document.Parsed, path: readonly PathSegment[], at: 'key' | 'value', lines: LineCounter): Range | undefined {
  let node: unknown = doc.contents;
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
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}
