import jsYaml from 'js-yaml';
import type { Finding } from '../validate/diagnostic.js';
import { MAX_FILE_BYTES, type TreeFile } from './tree.js';

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
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one file into plain documents. The fast parser (js-yaml, YAML 1.2 core schema, so
 * `on`/`no` stay strings and timestamps stay strings) does the work; source positions are only
 * computed later, with the `yaml` package, for documents that get a finding.
 */
export function parseFile(entry: TreeFile): ParsedFile {
  const file = entry.path;
  const fail = (code: string, message: string, hint?: string, position?: { line: number; column: number }): ParsedFile => ({
    file,
    documents: [],
    findings: [{ severity: 'error', code, message, hint, file, document: 0, path: [], position: position ?? { line: 1, column: 1 } }],
  });

  switch (entry.status) {
    case 'too-large':
      return fail('file-too-large', `file is ${entry.size} bytes; the limit is ${MAX_FILE_BYTES} bytes (1 MiB)`, 'split it into several files; Slipway reads every file under the environment folder');
    case 'symlink-escape':
      return fail('symlink-escape', `symbolic link points outside the repository (to ${entry.target})`, 'replace the link with the file itself; Slipway never reads outside the repository');
    case 'unreadable':
      return fail('file-unreadable', `file cannot be read (${entry.reason})`, 'check the file exists and is readable');
    case 'ok':
      break;
  }

  const bytes = entry.content;
  if (bytes.includes(0)) return fail('file-encoding', 'file is binary (it contains NUL bytes), not YAML', 'remove it, or move it out of models/ and environments/');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('file-encoding', 'file is not valid UTF-8', 'save the file as UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '' || /^(\s*(#.*)?\n?)*$/.test(text)) {
    return { file, text, documents: [], findings: [{ severity: 'error', code: 'empty-file', message: 'file has no YAML document', hint: 'add a document with apiVersion, kind, metadata and spec, or delete the file', file, document: 0, path: [], position: { line: 1, column: 1 } }] };
  }

  let values: unknown[];
  try {
    values = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA, filename: file }) as unknown[];
  } catch (error) {
    return { ...syntaxFailure(file, text, error), text };
  }

  const findings: Finding[] = [];
  const documents: SourceDocument[] = [];
  // A document can only hold about one node per byte of source; more means aliases expanded.
  const budget = { nodes: bytes.length + 1024 };
  values.forEach((value, index) => {
    const problem = inspect(value, budget, 0);
    if (problem) {
      findings.push({ severity: 'error', file, document: index, ...problem });
      return;
    }
    documents.push({ file, index, value });
  });
  return { file, text, documents, findings };
}

type Problem = Pick<Finding, 'code' | 'message' | 'hint' | 'path' | 'at'>;

/** Walks a document once: refuses alias expansion bombs, deep nesting and prototype keys. */
function inspect(value: unknown, budget: { nodes: number }, depth: number): Problem | undefined {
  if (--budget.nodes < 0) {
    return { code: 'yaml-alias-limit', message: 'aliases expand to far more data than the file holds (an alias bomb?)', hint: 'write the values out instead of nesting anchors and aliases', path: [] };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return { code: 'yaml-too-deep', message: `nesting deeper than ${MAX_DEPTH} levels`, hint: 'flatten the document', path: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = inspect(value[i], budget, depth + 1);
      if (p) return { ...p, path: [i, ...p.path] };
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      return { code: 'forbidden-key', message: `key \`${key}\` is not allowed`, hint: 'remove the key; no Slipway field has this name', path: [key], at: 'key' };
    }
    const p = inspect((value as Record<string, unknown>)[key], budget, depth + 1);
    if (p) return { ...p, path: [key, ...p.path] };
  }
  return undefined;
}

function syntaxFailure(file: string, text: string, error: unknown): Omit<ParsedFile, 'text'> {
  const position = { line: 1, column: 1 };
  let reason = 'invalid YAML';
  if (error instanceof jsYaml.YAMLException) {
    reason = error.reason || reason;
    if (error.mark) {
      position.line = error.mark.line + 1;
      position.column = error.mark.column + 1;
    }
  } else if (error instanceof RangeError) {
    reason = 'nesting is too deep to parse';
  }
  let code = 'yaml-syntax';
  let hint: string | undefined = 'fix the YAML syntax at this position';
  let message = `invalid YAML: ${reason}`;
  if (reason.startsWith('duplicated mapping key')) {
    code = 'yaml-duplicate-key';
    const key = keyAt(text, position.line);
    message = key ? `duplicate key \`${key}\`` : 'duplicate key';
    hint = 'remove or rename one of the two keys; YAML mappings need unique keys';
  } else if (reason.startsWith('unknown tag')) {
    code = 'yaml-unknown-tag';
    const tag = /!<?([^>\s]+)>?/.exec(reason.slice('unknown tag'.length))?.[1] ?? '';
    message = `unsupported YAML tag \`${tag.replace('tag:yaml.org,2002:', '!!')}\``;
    hint = 'remove the tag; Slipway files hold plain maps, lists, strings, numbers and booleans';
  } else if (/tab/.test(reason) || lineAt(text, position.line).includes('\t')) {
    hint = 'YAML forbids tabs for indentation; indent with spaces';
  } else if (/unexpected end of the stream within a (single|double) quoted scalar/.test(reason)) {
    message = 'invalid YAML: a quoted string is never closed';
    hint = 'add the closing quote';
  }
  return { file, documents: [], findings: [{ severity: 'error', code, message, hint, file, document: 0, path: [], position }] };
}

function lineAt(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

function keyAt(text: string, line: number): string | undefined {
  return /^\s*(?:-\s+)?["']?([^"':#]+?)["']?\s*:/.exec(lineAt(text, line))?.[1];
}
