import jsYaml from 'js-yaml';
import type { RuleCode } from '../model/rule-codes.js';
import type { Document } from 'yaml';
import { parseWithPositions, yamlPackage } from './yaml-lazy.js';
import type { Finding, PathSegment } from '../model/diagnostic.js';
import { MAX_FILE_BYTES, type TreeFile } from './tree.js';
import { quoted } from '../model/echo.js';
import { LineStarts } from './line-starts.js';

/** One YAML document of a file, as plain data. */
export interface SourceDocument {
  file: string;
  /** 0-based index of the document in its file. */
  index: number;
  value: unknown;
}

export interface ParsedFile {
  file: string;
  /** The decoded text, kept for positions and code frames; absent when the file could not be read. */
  text?: string;
  documents: SourceDocument[];
  findings: Finding[];
}

/** Keys that would reach Object.prototype in naive consumers; refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;
/**
 * Documents one file may hold. A 1 MiB file can hold about 130,000 (`---` lines); past this the
 * file is refused as a whole, at the first document over the limit, and nothing downstream ever
 * handles an unbounded list from one file.
 */
export const MAX_DOCUMENTS = 10_000;
/**
 * Whether text may hold what \`inspect\` looks for: an anchor (\`&name\` where a node starts;
 * every alias needs one, js-yaml refuses an alias to an unknown anchor), a prototype key, or a
 * backslash (a double-quoted escape can spell a key). Anchors rather than aliases, because \`*\`
 * is common in cron schedules. Plain substring searches first: one regex with these
 * alternatives costs twice as much on text that holds none of them. False positives only cost
 * the walk.
 */
const ANCHOR = /(?:^|[\s[{,:-])&[^\s,\]}]/;
const mayNeedInspection = (text: string): boolean =>
  (text.includes('&') && ANCHOR.test(text)) ||
  text.includes('\\') ||
  text.includes('__proto__') ||
  text.includes('constructor') ||
  text.includes('prototype');
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** YAML 1.2 core schema (so `on`/`no` stay strings); `maxDepth` is js-yaml's own guard, missing from its types. */
const LOAD_OPTIONS = { schema: jsYaml.CORE_SCHEMA, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions;

/**
 * Parses one file into plain documents. The fast parser (js-yaml, YAML 1.2 core schema, so
 * `on`/`no` stay strings and timestamps stay strings) does the work; source positions are only
 * computed later, with the `yaml` package, for documents that get a finding.
 */
export function parseFile(entry: TreeFile): ParsedFile {
  const file = entry.path;
  const fail = (
    code: RuleCode,
    message: string,
    hint: string,
    position = { line: 1, column: 1 },
    text?: string,
  ): ParsedFile => {
    const parsed: ParsedFile = {
      file,
      documents: [],
      findings: [{ severity: 'error', code, message, hint, file, document: 0, path: [], position }],
    };
    if (text !== undefined) parsed.text = text;
    return parsed;
  };

  switch (entry.status) {
    case 'too-large':
      return fail(
        'file-too-large',
        `file is ${mebibytes(entry.size)} (${entry.size} bytes); the limit is 1 MiB (${MAX_FILE_BYTES} bytes)`,
        'split it into several smaller files: every .yaml file under environments/<env>/ is read',
      );
    case 'symlink-escape':
      return fail(
        'symlink-escape',
        `symbolic link points outside the repository (to \`${entry.target}\`)`,
        'replace the link with a copy of what it points to; Slipway never reads outside the repository',
      );
    case 'unreadable':
      return fail(
        'file-unreadable',
        `file cannot be read (${entry.reason})`,
        'check that the file exists and is readable',
      );
    case 'ok':
      break;
  }

  const bytes = entry.content;
  // The size is checked again here: a file can grow between listing and reading.
  if (bytes.length > MAX_FILE_BYTES) return parseFile({ path: file, status: 'too-large', size: bytes.length });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('file-encoding', 'file is UTF-16 encoded; Slipway reads UTF-8', 'save the file as UTF-8');
  }
  if (bytes.includes(0))
    return fail(
      'file-encoding',
      'file is binary (it contains NUL bytes), not YAML text',
      'remove it, or move it out of models/ and environments/',
    );
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return invalidUtf8(bytes, fail);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (/^\s*$/.test(text))
    return fail(
      'empty-file',
      'file is empty',
      'add a document with apiVersion, kind, metadata and spec, or delete the file',
      undefined,
      text,
    );
  if (/^(\s*#.*\n?|\s*\n)*\s*$/.test(text))
    return fail(
      'empty-file',
      'file holds only comments, no YAML document',
      'add a document with apiVersion, kind, metadata and spec, or delete the file',
      undefined,
      text,
    );

  let values: unknown[];
  try {
    values = jsYaml.loadAll(text, undefined, LOAD_OPTIONS) as unknown[];
  } catch (error) {
    return { file, text, documents: [], findings: [syntaxFinding(file, text, error)] };
  }

  if (values.length > MAX_DOCUMENTS)
    return fail(
      'too-many-documents',
      `file holds ${values.length} YAML documents; the limit is ${MAX_DOCUMENTS} per file`,
      'split it into several files: every .yaml file under models/ and environments/ is read',
      documentStart(text, MAX_DOCUMENTS),
      text,
    );

  const findings: Finding[] = [];
  const documents: SourceDocument[] = [];
  // Without aliases, a key that could be a prototype key, or an escape that could spell one,
  // js-yaml's own depth limit is all the guarding a document needs: skip the walk.
  if (!mayNeedInspection(text)) {
    values.forEach((value, index) => documents.push({ file, index, value }));
    return { file, text, documents, findings };
  }
  values.forEach((value, index) => {
    // A document can only hold about one node per byte of its file; more means aliases expanded.
    const walk: Walk = { budget: bytes.length + 1024, seen: new Set() };
    const problem = inspect(value, walk, 0, []);
    if (problem) {
      findings.push({ severity: 'error', file, document: index, ...problem });
      return;
    }
    documents.push({ file, index, value });
  });
  return { file, text, documents, findings };
}

/**
 * Where document `index` (0-based) starts: at its `---` line, counting a first document written
 * without one. Line 1 when the markers cannot be counted (the finding is about the file anyway).
 */
function documentStart(text: string, index: number): { line: number; column: number } {
  const markers = /^---(?=[ \t\r\n]|$)/gm;
  const first = markers.exec(text);
  if (!first) return { line: 1, column: 1 };
  // Content before the first marker (other than blank lines, comments and directives) is document 0.
  const implicit = text
    .slice(0, first.index)
    .split('\n')
    .some((l) => !/^\s*(#.*)?$/.test(l) && !l.startsWith('%'));
  let at: number | undefined = first.index;
  for (let k = implicit ? 1 : 0; k < index && at !== undefined; k++) at = markers.exec(text)?.index;
  if (at === undefined) return { line: 1, column: 1 };
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: 1 };
}

type Problem = Pick<Finding, 'code' | 'message' | 'hint' | 'path' | 'at'>;

interface Walk {
  budget: number;
  /** Objects already visited: js-yaml shares one object between an anchor and its aliases. */
  seen: Set<object>;
  /** Where an alias was first used, to point an alias bomb at it. */
  firstAlias?: PathSegment[];
}

/** Walks a document once: refuses alias expansion bombs, deep nesting and prototype keys. */
function inspect(value: unknown, walk: Walk, depth: number, path: PathSegment[]): Problem | undefined {
  if (--walk.budget < 0) {
    return {
      code: 'yaml-alias-limit',
      message: 'aliases expand this document to far more values than the file holds (an alias bomb?)',
      hint: 'write the values out instead of nesting anchors (&) and aliases (*)',
      path: walk.firstAlias ?? [],
    };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (walk.seen.has(value)) walk.firstAlias ??= [...path];
  else walk.seen.add(value);
  if (depth >= MAX_DEPTH)
    return {
      code: 'yaml-too-deep',
      message: `document is nested deeper than ${MAX_DEPTH} levels`,
      hint: 'flatten the document; no Slipway kind needs this much nesting',
      path: [...path],
    };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const p = inspect(value[i], walk, depth + 1, path);
      path.pop();
      if (p) return p;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) {
      return {
        code: 'forbidden-key',
        message: `key \`${key}\` is not allowed: it can alter how programs read the document (prototype pollution)`,
        hint: `remove the key; no Slipway field is called \`${key}\``,
        path: [...path],
        at: 'key',
      };
    }
    const p = inspect((value as Record<string, unknown>)[key], walk, depth + 1, path);
    path.pop();
    if (p) return p;
  }
  return undefined;
}

/** Turns a js-yaml failure into one finding; the `yaml` package refines the position where it knows better. */
function syntaxFinding(file: string, text: string, error: unknown): Finding {
  const lines = new LineStarts(text);
  let reason = 'the file cannot be parsed';
  let offset = 0;
  if (error instanceof jsYaml.YAMLException) {
    reason = error.reason || reason;
    if (error.mark) offset = error.mark.position;
  } else if (error instanceof RangeError) {
    reason = 'nesting exceeded maxDepth';
  }
  const finding = (code: RuleCode, message: string, hint: string, at = offset): Finding => ({
    severity: 'error',
    code,
    message,
    hint,
    file,
    document: 0,
    path: [],
    position: lines.position(at),
  });
  let parsed: Document.Parsed[] | undefined;
  const yamlDocs = (): Document.Parsed[] => (parsed ??= parseQuietly(text));
  const yamlError = (codes: readonly string[]) =>
    yamlDocs()
      .flatMap((d) => [...d.errors, ...d.warnings])
      .find((e) => codes.includes(e.code));

  if (reason.startsWith('duplicated mapping key')) {
    const dup = yamlError(['DUPLICATE_KEY']);
    const at = dup?.pos[0] ?? offset;
    const key = dup ? keyTextAt(text, at) : undefined;
    const first = dup ? firstKeyBefore(yamlDocs(), at) : undefined;
    // The first key's line goes in the hint: messages stay stable when lines move (SARIF fingerprints).
    const earlier =
      first === undefined ? 'one of the two keys' : `this key or the first one (line ${lines.position(first).line})`;
    return finding(
      'yaml-duplicate-key',
      key ? `duplicate key ${quoted(key)}` : 'duplicate key in a mapping',
      `remove or rename ${earlier}; a YAML mapping holds each key once`,
      at,
    );
  }
  if (reason.startsWith('unknown tag')) {
    const raw = /!<([^>]*)>/.exec(reason)?.[1] ?? '';
    const tag = raw.startsWith('tag:yaml.org,2002:') ? `!!${raw.slice('tag:yaml.org,2002:'.length)}` : raw;
    const at = yamlError(['TAG_RESOLVE_FAILED'])?.pos[0] ?? Math.max(0, text.lastIndexOf(tag, offset));
    return finding(
      'yaml-unknown-tag',
      `unsupported YAML tag ${quoted(tag)}`,
      'remove the tag: Slipway reads plain mappings, lists, strings, numbers and booleans, and never runs code from YAML',
      at,
    );
  }
  if (reason.startsWith('nesting exceeded maxDepth')) {
    return finding(
      'yaml-too-deep',
      `document is nested deeper than ${MAX_DEPTH} levels`,
      'flatten the document; no Slipway kind needs this much nesting',
    );
  }
  if (reason.startsWith('unidentified alias')) {
    const name = /"([^"]*)"/.exec(reason)?.[1] ?? '';
    const at = Math.max(0, text.lastIndexOf(`*${name}`, offset));
    return finding(
      'yaml-syntax',
      `invalid YAML: alias ${quoted(`*${name}`)} refers to no anchor`,
      `define the anchor (${quoted(`&${name}`)}) earlier in the same document, or write the value out`,
      at,
    );
  }
  if (/within a (single|double) quoted scalar/.test(reason)) {
    const open = unclosedQuote(text);
    return finding(
      'yaml-syntax',
      'invalid YAML: this quoted string is never closed',
      `add the closing ${open ? text[open] : 'quote'} at the end of the value`,
      open ?? offset,
    );
  }
  if (reason.includes('tab characters')) {
    return finding(
      'yaml-syntax',
      'invalid YAML: a tab is used for indentation',
      'YAML forbids tabs in indentation; indent with spaces',
    );
  }
  if (reason.startsWith('bad indentation')) {
    return finding(
      'yaml-syntax',
      'invalid YAML: this line is indented differently from the entries around it',
      'indent it exactly like its sibling keys (Slipway files use two spaces per level)',
    );
  }
  if (
    reason.startsWith('missed comma between flow collection entries') ||
    reason.includes('end of the stream within a flow collection')
  ) {
    const open = unclosedBracket(text, offset);
    if (open !== undefined) {
      const close = text[open] === '[' ? ']' : '}';
      return finding(
        'yaml-syntax',
        `invalid YAML: this \`${text[open]}\` is never closed, or two of its entries lack a comma between them`,
        `add the closing \`${close}\`, or a comma between its entries`,
        open,
      );
    }
    return finding(
      'yaml-syntax',
      'invalid YAML: a `[...]` list or `{...}` mapping is not closed, or two of its entries lack a comma',
      'check the brackets and commas of the flow list or mapping that ends here',
    );
  }
  if (reason.includes('implicit key') || reason.startsWith('can not read a block mapping entry')) {
    const at = yamlError(['MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY'])?.pos[0] ?? offset;
    return finding(
      'yaml-syntax',
      'invalid YAML: this line is not a `key: value` pair',
      'add the missing `:` (followed by a space) after the key, or fix the indentation of the line',
      at,
    );
  }
  if (reason.includes('non-printable characters')) {
    const at = text.search(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    const char =
      at >= 0 ? `U+${text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}` : 'a control character';
    return finding(
      'yaml-syntax',
      `invalid YAML: the file contains a non-printable character (${char})`,
      'remove it; YAML allows only printable characters, tabs and line breaks',
      at >= 0 ? at : offset,
    );
  }
  return finding('yaml-syntax', `invalid YAML: ${reason}`, 'fix the YAML syntax at this position');
}

/** The position-keeping parse, for its errors: only ever run on files that already failed. */
function parseQuietly(text: string): Document.Parsed[] {
  try {
    const docs = parseWithPositions(text, { uniqueKeys: true });
    return Array.isArray(docs) ? docs : [];
  } catch {
    return [];
  }
}

/** Where the first of two equal keys starts, given where the second one does. */
function firstKeyBefore(docs: readonly Document.Parsed[], second: number): number | undefined {
  const { isScalar, visit } = yamlPackage();
  let found: number | undefined;
  for (const doc of docs) {
    visit(doc, {
      Map(_, map) {
        const pairs = map.items;
        const dup = pairs.find((p) => isScalar(p.key) && p.key.range?.[0] === second);
        if (!dup || !isScalar(dup.key)) return undefined;
        const value = dup.key.value;
        const first = pairs.find((p) => p !== dup && isScalar(p.key) && p.key.value === value);
        found = isScalar(first?.key) ? first.key.range?.[0] : undefined;
        return visit.BREAK;
      },
    });
    if (found !== undefined) break;
  }
  return found;
}

/** The key written at `offset` (plain or quoted). */
function keyTextAt(text: string, offset: number): string | undefined {
  const rest = text.slice(offset, offset + 200);
  const quoted = /^(["'])((?:(?!\1).)*)\1/.exec(rest);
  if (quoted) return quoted[2];
  return /^([^:,{}\n]+?)\s*:/.exec(rest)?.[1];
}

/**
 * The offset of the quote that opens a string never closed. Scans the text the way YAML reads
 * quotes: a quote opens a string only where a value starts, and comments end a line.
 */
function unclosedQuote(text: string): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open !== undefined) {
      const q = text[open];
      if (q === '"' && c === '\\') i++;
      else if (q === "'" && c === "'" && text[i + 1] === "'") i++;
      else if (c === q) open = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if ((c === '"' || c === "'") && /(^|[\s:\-[{,])$/.test(text.slice(Math.max(0, i - 1), i) || '\n')) {
      open = i;
    } else if (/[^\s]/.test(c)) {
      // Inside a plain scalar a quote is an ordinary character: skip to the end of the token.
      while (i + 1 < text.length && !/[\s,\]}]/.test(text[i + 1]!)) {
        if (text[i + 1] === ':' && /\s/.test(text[i + 2] ?? ' ')) break;
        i++;
      }
    }
  }
  return open;
}

/**
 * The offset of the innermost `[` or `{` still open at `end`, skipping quoted strings and
 * comments, or undefined when every bracket is closed by then.
 */
function unclosedBracket(text: string, end: number): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < end && i < text.length; i++) {
    const c = text[i]!;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    } else if (
      (c === '"' || c === "'") &&
      (open.length > 0 || /(^|[\s:\-[{,])$/.test(text.slice(Math.max(0, i - 1), i) || '\n'))
    ) {
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
    } else if ((c === '[' || c === '{') && (open.length > 0 || i === 0 || /[\s,]/.test(text[i - 1]!))) {
      // Outside a flow collection a bracket opens one only where a value starts (not in `b[0]`).
      open.push(i);
    } else if ((c === ']' || c === '}') && open.length > 0) {
      open.pop();
    }
  }
  return open.at(-1);
}

/** The finding for bytes that are not UTF-8, pointing at the first bad byte. */
function invalidUtf8(
  bytes: Uint8Array,
  fail: (code: RuleCode, message: string, hint: string, position: { line: number; column: number }) => ParsedFile,
): ParsedFile {
  const invalidAt = Math.max(0, firstInvalidUtf8(bytes));
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, invalidAt));
  const lineStart = before.lastIndexOf('\n') + 1;
  const position = { line: countLines(before, before.length), column: before.length - lineStart + 1 };
  return fail(
    'file-encoding',
    `file is not valid UTF-8 (byte 0x${bytes[invalidAt]!.toString(16).padStart(2, '0')})`,
    'save the file as UTF-8; it looks like it was saved as Latin-1 or Windows-1252',
    position,
  );
}

/** Offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    try {
      if (need > 0) utf8.decode(bytes.subarray(i, i + need + 1));
    } catch {
      return i; // overlong or surrogate encodings
    }
    i += need + 1;
  }
  return -1;
}

function countLines(text: string, end: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function mebibytes(size: number): string {
  return `${(size / MAX_FILE_BYTES).toFixed(1)} MiB`;
}
