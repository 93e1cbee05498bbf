import { isDeepStrictEqual } from 'node:util';
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { TrafficEntry } from './traffic.js';

/**
 * Editing a Deployment's `spec.traffic` the way a careful person would: only the traffic lines
 * change. The `yaml` Document API locates every node with its source range; the edit is then
 * spliced into the original text, so comments, key order, quoting, flow/block style, blank
 * lines and indentation elsewhere are byte-for-byte what they were. Re-serialising the whole
 * document (`String(doc)`) would re-space comments and re-indent sequences, which shows up as
 * noise in a promotion diff. Every edit is checked by parsing the result again; a shape the
 * splice does not handle (anchors, unusual layouts) falls back to a Document-API rewrite of
 * that one document, which is also checked.
 */

type Range = [number, number, number];

interface Item {
  node: YAMLMap;
  version: Scalar;
  percent: Scalar;
  range: Range;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The edited file text and how the edit was made. */
export interface TrafficEdit {
  text: string;
  /** `splice` keeps every other byte; `rewrite` re-serialised the document (rare shapes). */
  method: 'splice' | 'rewrite';
}

export class YamlEditError extends Error {
  override readonly name = 'YamlEditError';
}

function parseStream(text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(docs)) throw new YamlEditError('the file holds no YAML document');
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) throw new YamlEditError(`the file is not valid YAML: ${broken.errors[0]!.message.split('\n')[0]}`);
  return docs;
}

function trafficSeq(doc: Document.Parsed): YAMLSeq | undefined {
  const node = doc.getIn(['spec', 'traffic'], true);
  return isSeq(node) ? node : undefined;
}

/** Replaces `spec.traffic` of document `docIndex` in `text` with `next`. */
export function editTraffic(text: string, docIndex: number, next: readonly TrafficEntry[]): TrafficEdit {
  const docs = parseStream(text);
  const doc = docs[docIndex];
  if (!doc) throw new YamlEditError(`the file has no document #${docIndex + 1}`);
  const before = docs.map((d) => d.toJS() as unknown);
  const expected = structuredClone(before);
  const target = expected[docIndex] as { spec?: { traffic?: unknown } } | null;
  if (!target || typeof target !== 'object' || !target.spec || typeof target.spec !== 'object')
    throw new YamlEditError('the document has no `spec` mapping');
  target.spec.traffic = next.map((t) => ({ version: t.version, percent: t.percent }));

  const spliced = spliceTraffic(text, doc, next);
  if (spliced !== undefined && matches(spliced, expected)) return { text: spliced, method: 'splice' };
  const rewritten = rewriteTraffic(text, docs, docIndex, next);
  if (matches(rewritten, expected)) return { text: rewritten, method: 'rewrite' };
  throw new YamlEditError('the traffic of this document cannot be edited safely');
}

function matches(text: string, expected: unknown[]): boolean {
  try {
    const docs = parseStream(text);
    return isDeepStrictEqual(
      docs.map((d) => d.toJS() as unknown),
      expected,
    );
  } catch {
    return false;
  }
}

function itemsOf(seq: YAMLSeq): Item[] | undefined {
  const items: Item[] = [];
  for (const node of seq.items) {
    if (!isMap(node) || !node.range || node.anchor) return undefined;
    const version = node.get('version', true);
    const percent = node.get('percent', true);
    if (!isScalar(version) || !isScalar(percent) || !version.range || !percent.range) return undefined;
    items.push({ node, version, percent, range: node.range });
  }
  return items;
}

/** How a scalar is written again in its own style: quotes stay quotes, plain stays plain. */
function scalarText(scalar: Scalar, value: string | number): string {
  const s = String(value);
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
      return JSON.stringify(s);
    case 'QUOTE_SINGLE':
      return `'${s.replace(/'/g, "''")}'`;
    default:
      return s;
  }
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The offset just past the newline ending the line that holds `pos - 1` (the node's last character). */
function lineEndAfter(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl === -1 ? text.length : nl + 1;
}

/** Sets the version and percent scalars of `item`, as edits in `text`. */
function valueEdits(item: Item, entry: TrafficEntry, offset = 0): Edit[] {
  const edits: Edit[] = [];
  if (String(item.version.value) !== entry.version)
    edits.push({
      start: item.version.range![0] - offset,
      end: item.version.range![1] - offset,
      text: scalarText(item.version, entry.version),
    });
  if (Number(item.percent.value) !== entry.percent)
    edits.push({
      start: item.percent.range![0] - offset,
      end: item.percent.range![1] - offset,
      text: scalarText(item.percent, entry.percent),
    });
  return edits;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const TRAILING_COMMENT = /^(.*?\S)( +)(#.*)$/;

/**
 * When a value gets longer or shorter, a comment aligned after it (two spaces or more) stays
 * in its column, so that a `90` → `100` edit does not ripple into the comment's position.
 */
function keepCommentColumns(original: string, changed: string): string {
  const before = original.split('\n');
  return changed
    .split('\n')
    .map((line, i) => {
      const old = TRAILING_COMMENT.exec(before[i] ?? '');
      const now = TRAILING_COMMENT.exec(line);
      if (line === before[i] || !old || !now || old[2]!.length < 2) return line;
      const column = old[1]!.length + old[2]!.length;
      return `${now[1]}${' '.repeat(Math.max(1, column - now[1]!.length))}${now[3]}`;
    })
    .join('\n');
}

/** Drops comments from a copied entry: they described the entry it was copied from. */
function withoutComments(block: string): string {
  return block
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .map((line) => line.replace(/\s+#.*$/, ''))
    .join('\n');
}

/**
 * Aligns old entries with new ones: an entry whose version stays keeps its place (only its
 * percent may change); a version that leaves hands its place to one that arrives; versions
 * still left are removed, and arrivals still left are appended after the last entry.
 */
function align(
  items: readonly Item[],
  next: readonly TrafficEntry[],
): { updates: Array<[Item, TrafficEntry]>; removed: Item[]; added: TrafficEntry[] } {
  const byVersion = new Map(items.map((i) => [String(i.version.value), i]));
  const staying = new Set(next.map((t) => t.version));
  const leaving = items.filter((i) => !staying.has(String(i.version.value)));
  const updates: Array<[Item, TrafficEntry]> = [];
  const added: TrafficEntry[] = [];
  for (const entry of next) {
    const same = byVersion.get(entry.version);
    if (same) updates.push([same, entry]);
    else if (leaving.length > 0) updates.push([leaving.shift()!, entry]);
    else added.push(entry);
  }
  return { updates, removed: leaving, added };
}

function spliceTraffic(text: string, doc: Document.Parsed, next: readonly TrafficEntry[]): string | undefined {
  const seq = trafficSeq(doc);
  if (!seq || !seq.range || seq.anchor) return undefined;
  const items = itemsOf(seq);
  if (!items || items.length === 0) return undefined;
  const { updates, removed, added } = align(items, next);
  const template = items[items.length - 1]!;
  const last = items[items.length - 1]!;

  if (seq.flow) {
    const edits: Edit[] = updates.flatMap(([item, entry]) => valueEdits(item, entry));
    const separator = items.length > 1 ? text.slice(items[0]!.range[1], items[1]!.range[0]) : ', ';
    for (const item of removed) {
      const i = items.indexOf(item);
      const prev = items[i - 1];
      const following = items[i + 1];
      if (prev) edits.push({ start: prev.range[1], end: item.range[1], text: '' });
      else if (following) edits.push({ start: item.range[0], end: following.range[0], text: '' });
      else return undefined;
    }
    const body = text.slice(template.range[0], template.range[1]);
    const copies = added.map((entry) => separator + applyEdits(body, valueEdits(template, entry, template.range[0])));
    if (copies.length > 0)
      edits.push({ start: last.range[1], end: last.range[1], text: withoutComments(copies.join('')) });
    return applyEdits(text, edits);
  }

  // Block sequence: each entry is whole lines, from its `- ` to the end of its last line.
  const lines = (item: Item): { start: number; end: number; indent: string } | undefined => {
    const start = lineStart(text, item.range[0]);
    const lead = /^(\s*)-\s+$/.exec(text.slice(start, item.range[0]));
    if (!lead) return undefined;
    return { start, end: lineEndAfter(text, item.range[2]), indent: lead[1]! };
  };
  const spans = items.map(lines);
  if (spans.some((s) => s === undefined)) return undefined;
  const spanOf = (item: Item) => spans[items.indexOf(item)]!;
  const edits: Edit[] = [];
  for (const [item, entry] of updates) {
    const span = spanOf(item);
    const original = text.slice(span.start, span.end);
    const changed = applyEdits(original, valueEdits(item, entry, span.start));
    if (changed !== original)
      edits.push({ start: span.start, end: span.end, text: keepCommentColumns(original, changed) });
  }
  for (const item of removed) {
    const span = spanOf(item);
    let start = span.start;
    // Comment lines right above a removed entry, at its indentation, were about that entry.
    for (;;) {
      if (start === 0) break;
      const prevStart = lineStart(text, start - 1);
      const prevLine = text.slice(prevStart, start - 1);
      if (!prevLine.startsWith(`${span.indent}#`)) break;
      start = prevStart;
    }
    edits.push({ start, end: span.end, text: '' });
  }
  if (added.length > 0) {
    const span = spanOf(template);
    const block = text.slice(span.start, span.end);
    const copies = added.map((entry) => {
      const copy = withoutComments(applyEdits(block, valueEdits(template, entry, span.start)));
      return copy.endsWith('\n') ? copy : `${copy}\n`;
    });
    const at = spanOf(last).end;
    const needsBreak = at === text.length && !text.endsWith('\n');
    edits.push({ start: at, end: at, text: (needsBreak ? '\n' : '') + copies.join('') });
  }
  return applyEdits(text, edits);
}

/** The rare-shape fallback: rewrite the one document through the Document API. */
function rewriteTraffic(
  text: string,
  docs: Document.Parsed[],
  docIndex: number,
  next: readonly TrafficEntry[],
): string {
  const doc = docs[docIndex]!;
  const old = trafficSeq(doc);
  const seq = doc.createNode(next.map((t) => ({ version: t.version, percent: t.percent })));
  if (old?.flow) seq.flow = true;
  else for (const item of seq.items) if (isMap(item)) item.flow = true;
  doc.setIn(['spec', 'traffic'], seq);
  const start = docIndex === 0 ? 0 : docs[docIndex - 1]!.range[2];
  const end = doc.range[2];
  const rendered = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return text.slice(0, start) + rendered + text.slice(end);
}

/** The source text of one document of a file, without its `---` marker. */
function documentText(text: string, docIndex: number): string {
  const docs = parseStream(text);
  const doc = docs[docIndex];
  if (!doc) throw new YamlEditError(`the file has no document #${docIndex + 1}`);
  if (docs.length === 1) return text.replace(/^---[ \t]*\n/, '');
  const start = docIndex === 0 ? 0 : docs[docIndex - 1]!.range[2];
  const slice = text.slice(start, doc.range[2]).replace(/^(\.\.\.[ \t]*\n)?---[ \t]*\n/, '');
  return slice.endsWith('\n') ? slice : `${slice}\n`;
}

export interface DeploymentCopy {
  /** Text of the file the new Deployment comes from. */
  text: string;
  docIndex: number;
  /** Its repository-relative path and environment, for the header comment. */
  file: string;
  env: string;
  /** Short SHA of the revision it was read from. */
  revision: string;
}

/**
 * A new Deployment for an environment that has none yet: the previous environment's, with a
 * header comment saying where it came from, and its traffic replaced by `next`. Appended as a
 * new document when `existing` (a file already at the target path) is given.
 */
export function copyDeployment(from: DeploymentCopy, next: readonly TrafficEntry[], existing?: string): string {
  const header =
    `# Copied by \`slipway promote\` from ${from.file} (environment ${from.env}, revision ${from.revision}).\n` +
    `# Review the environment-specific settings (endpoint, resources, inputs, error policy) before merging.\n`;
  const copy = header + documentText(from.text, from.docIndex);
  const edited = editTraffic(copy, 0, next).text;
  if (existing === undefined) return edited;
  const base = existing.endsWith('\n') ? existing : `${existing}\n`;
  return `${base}---\n${edited}`;
}
