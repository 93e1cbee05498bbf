import type { TreeFile, TreeScope, TreeSource } from './tree.js';
import { parseFile, type ParsedFile, type SourceDocument } from './parse.js';
import type { Finding } from '../model/diagnostic.js';

/** A configuration tree read and parsed into plain documents. */
export interface LoadedTree {
  /** Where it came from. */
  source: string;
  /** Number of Slipway files read. */
  fileCount: number;
  /** Decoded text of each file, for positions and code frames. */
  texts: Map<string, string>;
  documents: SourceDocument[];
  /** Problems found while reading and parsing. */
  findings: Finding[];
  /** Set when only part of the repository was read: checks that need the rest are skipped. */
  scope?: TreeScope;
}

/**
 * Parsed files by path and git object id, shared by the loads of two revisions (the gate's base
 * and head): a file unchanged between them is parsed once, and both trees then hold the same
 * document objects, which later stages compare by identity.
 */
export type ParseCache = Map<string, ParsedFile>;

export async function loadTree(source: TreeSource, cache?: ParseCache): Promise<LoadedTree> {
  const parsedFiles: ParsedFile[] = [];
  const parseOne = (file: TreeFile): void => {
    const key = cache && file.status === 'ok' && file.blob !== undefined ? `${file.blob}\0${file.path}` : undefined;
    let parsed = key === undefined ? undefined : cache!.get(key);
    if (!parsed) {
      parsed = parseFile(file);
      if (key !== undefined) cache!.set(key, parsed);
    }
    parsedFiles.push(parsed);
  };
  if (source.streamFiles) {
    // Files arrive in reading order; the result is in path order, as from readFiles.
    await source.streamFiles(parseOne);
    parsedFiles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  } else {
    for (const file of await source.readFiles()) parseOne(file);
  }

  const texts = new Map<string, string>();
  const documents: SourceDocument[] = [];
  const findings: Finding[] = [];
  for (const parsed of parsedFiles) {
    if (parsed.text !== undefined) texts.set(parsed.file, parsed.text);
    // One at a time: spreading a long list into push() overflows the stack.
    for (const d of parsed.documents) documents.push(d);
    for (const f of parsed.findings) findings.push(f);
  }
  return {
    source: source.description,
    fileCount: parsedFiles.length,
    texts,
    documents,
    findings,
    ...(source.scope ? { scope: source.scope } : {}),
  };
}
