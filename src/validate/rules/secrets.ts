import { findCredential, findKeyedSecret, secretsIn, type CredentialMatch } from '../credentials.js';
import type { SourceDocument } from '../../load/parse.js';
import { toDotted, type PathSegment } from '../../model/diagnostic.js';
import type { Rule } from './context.js';

const HINT =
  'remove it from git and rotate it (it stays in the history); reference it instead, e.g. `connection: {secretRef: {provider: env, key: DB_URL}}`';

/** A credential found in a document: in a value, or in a mapping key. */
export interface FoundSecret {
  file: string;
  index: number;
  path: PathSegment[];
  at: 'key' | 'value';
  match: CredentialMatch;
  /** Every secret of the string (a value may hold several), to mask wherever it is echoed. */
  secrets: string[];
}

const found = new WeakMap<readonly SourceDocument[], FoundSecret[]>();

/**
 * Every credential in the documents, valid or not, so a secret in a broken file is caught too.
 * Each string and key is scanned once per set of documents: the rule reports them, and validation
 * masks them in every message and code frame (src/validate/mask.ts).
 */
export function findSecrets(documents: readonly SourceDocument[]): FoundSecret[] {
  let out = found.get(documents);
  if (out) return out;
  out = [];
  for (const doc of documents) {
    scan(doc.value, undefined, [], (match, path, at, text) =>
      out!.push({
        file: doc.file,
        index: doc.index,
        path: [...path],
        at,
        match,
        secrets: [...secretsIn(text), match.secret],
      }),
    );
  }
  found.set(documents, out);
  return out;
}

/** Security: no value or key anywhere looks like a credential. */
export const secretRules: Rule = ({ documents, report }) => {
  for (const s of findSecrets(documents)) {
    const message =
      s.at === 'key'
        ? `a key of \`${toDotted(s.path.slice(0, -1))}\` looks like ${s.match.kind} (${s.match.masked})`
        : `\`${toDotted(s.path)}\` holds what looks like ${s.match.kind} (${s.match.masked})`;
    report(
      { file: s.file, index: s.index },
      { code: 'inline-credential', message, hint: HINT, path: s.path, ...(s.at === 'key' ? { at: 'key' } : {}) },
    );
  }
};

type Found = (match: CredentialMatch, path: PathSegment[], at: 'key' | 'value', text: string) => void;

/** Plain loops, no per-node arrays or closures: this walk visits every value of the repository. */
function scan(value: unknown, key: string | undefined, path: PathSegment[], found: Found): void {
  if (typeof value === 'string') {
    const match = findCredential(value) ?? (key !== undefined ? findKeyedSecret(key, value) : undefined);
    if (match) found(match, path, 'value', value);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], key, path, found);
      path.pop();
    }
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      path.push(k);
      const inKey = findCredential(k);
      if (inKey) found(inKey, path, 'key', k);
      scan(record[k], k, path, found);
      path.pop();
    }
  }
}
