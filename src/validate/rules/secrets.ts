import { findCredential, findKeyedSecret, type CredentialMatch } from '../credentials.js';
import { toDotted, type PathSegment } from '../../model/diagnostic.js';
import type { Rule } from './context.js';

const HINT =
  'remove it from git and rotate it (it stays in the history); reference it instead, e.g. `connection: {secretRef: {provider: env, key: DB_URL}}`';

/**
 * Security: no value anywhere looks like a credential. Walks every parsed document, valid or
 * not, so a secret in a broken file is caught too. Each string is scanned once.
 */
export const secretRules: Rule = ({ documents, report }) => {
  for (const doc of documents) {
    scan(doc.value, undefined, [], (found, path) =>
      report(
        { file: doc.file, index: doc.index },
        {
          code: 'inline-credential',
          message: `\`${toDotted(path)}\` holds what looks like ${found.kind} (${found.masked})`,
          hint: HINT,
          path: [...path],
        },
      ),
    );
  }
};

/** Plain loops, no per-node arrays or closures: this walk visits every value of the repository. */
function scan(
  value: unknown,
  key: string | undefined,
  path: PathSegment[],
  found: (match: CredentialMatch, path: PathSegment[]) => void,
): void {
  if (typeof value === 'string') {
    const match = findCredential(value) ?? (key !== undefined ? findKeyedSecret(key, value) : undefined);
    if (match) found(match, path);
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
      scan(record[k], k, path, found);
      path.pop();
    }
  }
}
