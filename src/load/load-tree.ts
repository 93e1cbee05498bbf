import type { TreeSource } from './tree.js';
import { parseFile, type SourceDocument } from './parse.js';
import type { Finding } from '../validate/diagnostic.js';

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
}

export async function loadTree(source: TreeSource): Promise<LoadedTree> {
  const files = await source.readFiles();
  const texts = new Map<string, string>();
  const documents: SourceDocument[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const parsed = parseFile(file);
    if (parsed.text !== undefined) texts.set(parsed.file, parsed.text);
    documents.push(...parsed.documents);
    findings.push(...parsed.findings);
  }
  return { source: source.description, fileCount: files.length, texts, documents, findings };
}
