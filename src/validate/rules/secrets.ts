import { findCredential, findKeyedSecret, type CredentialMatch } from '../credentials.js';
import { toDotted, type PathSegment } from '../diagnostic.js';
import type { Rule } from './context.js';

const HINT = 'remove it from git and rotate it (it stays in the history); reference it instead, e.g. `connection: {secretRef: {provider: env, key: DB_URL}}`';

/**
 * Security: no value anywhere looks like a credential. Walks every parsed document, valid or
 * not, so a secret in a broken file is caught too. Each string is scanned once.
 */
export const secretRules: Rule = ({ documents, report }) => {
  for (const doc of documents) {
    const path: PathSegment[] = [];
    const visit = (value: unknown, key: string | undefined): void => {
      if (typeof value === 'string') {
        const found: CredentialMatch | undefined = findCredential(value) ?? (key !== undefined ? findKeyedSecret(key, value) : undefined);
        if (found) {
          report(
            { file: doc.file, index: doc.index },
            { code: 'inline-credential', message: `\`${toDotted(path)}\` holds what looks like ${found.kind} (${found.masked})`, hint: HINT, path: [...path] },
          );
        }
        return;
      }
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          path.push(i);
          visit(item, key);
          path.pop();
        });
        return;
      }
      if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) {
          path.push(k);
          visit(v, k);
          path.pop();
        }
      }
    };
    visit(doc.value, undefined);
  }
};
