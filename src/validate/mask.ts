import type { LoadedTree } from '../load/load-tree.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { clipEchoes } from '../model/echo.js';
import { maskSecrets, SecretIndex } from './credentials.js';
import { findSecrets } from './rules/secrets.js';

/**
 * Makes what validation shows safe to print, whoever built the finding. Long echoed values are cut
 * (`clipEchoes`: a 1 MB key is shown as its start and its length), and every credential is masked: each diagnostic's message, hint and path (a
 * secret used as a mapping key is in the path), and the file texts the code frames quote. The
 * texts are masked character for character, so lines and columns do not move and they parse as
 * the same YAML. Every output format renders these, so none can print a secret.
 *
 * What is masked: every credential-shaped part (`maskSecrets`), anywhere, and every secret found
 * in the documents (under a `password:` key, say) wherever it is echoed.
 */
export function sanitizeDiagnostics(diagnostics: Diagnostic[], loaded: LoadedTree): void {
  // Nothing is echoed from a clean tree: the walk for secrets is paid only when there is output.
  if (diagnostics.length === 0) return;
  const index = new SecretIndex();
  for (const found of findSecrets(loaded.documents)) for (const secret of found.secrets) index.add(secret);
  const files = new Set<string>();
  for (const d of diagnostics) {
    d.message = clipEchoes(maskSecrets(d.message, index));
    if (d.hint !== undefined) d.hint = clipEchoes(maskSecrets(d.hint, index));
    d.path = maskSecrets(d.path, index);
    files.add(d.file);
  }
  for (const file of files) {
    const text = loaded.texts.get(file);
    if (text !== undefined) loaded.texts.set(file, maskSecrets(text, index));
  }
}
