import { byPath, type TreeFile } from '../load/tree.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ValidationResult } from '../validate/index.js';
import type { FileChange } from './plan.js';

/**
 * The checks a promotion runs locally before it is proposed. They are advice: the branch is
 * written either way (the pull request's own gate is what blocks a merge), but the author sees
 * at once whether the change is valid and what the gate will say.
 */

/** What validate says about the tree after the change, next to what it said before. */
export interface ValidateAdvice {
  errors: number;
  warnings: number;
  fileCount: number;
  /** Diagnostics the change introduces (absent before it). */
  introduced: Diagnostic[];
  /** File texts after the change, for code frames. */
  texts: ReadonlyMap<string, string>;
}

const keyOf = (d: Diagnostic): string => `${d.code}\0${d.file}\0${d.path}\0${d.message}`;

/** Files of a tree with the promotion's changes applied. */
export function withChanges(files: readonly TreeFile[], changes: readonly FileChange[]): TreeFile[] {
  const changed = new Map(changes.map((c) => [c.path, c]));
  const out: TreeFile[] = files.map((f) => {
    const c = changed.get(f.path);
    return c ? { path: f.path, status: 'ok', content: Buffer.from(c.after) } : f;
  });
  for (const c of changes)
    if (!files.some((f) => f.path === c.path)) out.push({ path: c.path, status: 'ok', content: Buffer.from(c.after) });
  return out.sort(byPath);
}

/** The tree's validation after the change, and what the change introduced. */
export function validateAdvice(
  before: ValidationResult,
  after: ValidationResult,
  texts: ReadonlyMap<string, string>,
): ValidateAdvice {
  const known = new Set(before.diagnostics.map(keyOf));
  const introduced = after.diagnostics.filter((d) => !known.has(keyOf(d)));
  return { errors: after.errors, warnings: after.warnings, fileCount: after.fileCount, introduced, texts };
}
