import { UserError } from '../model/errors.js';
import { formatText } from '../format/text.js';
import { loadTree } from '../load/load-tree.js';
import { byPath, type TreeFile } from '../load/tree.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { validateTree, type ValidationResult } from '../validate/index.js';
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
  /** The text report of `introduced`, with code frames. */
  text: string;
}

/** The gate's verdict on the promotion commit against its base, when the gate is available. */
export type GateAdvice =
  | { type: 'report'; blocked: boolean; summary: string; text: string; markdown: string }
  | { type: 'unavailable'; reason: string };

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

/** Validates the tree after the change and reports what the change introduced. */
export async function adviseValidate(
  files: readonly TreeFile[],
  before: ValidationResult,
  changes: readonly FileChange[],
): Promise<ValidateAdvice> {
  const loaded = await loadTree({ description: 'the promotion', readFiles: async () => withChanges(files, changes) });
  const after = validateTree(loaded);
  const known = new Set(before.diagnostics.map(keyOf));
  const introduced = after.diagnostics.filter((d) => !known.has(keyOf(d)));
  const errors = introduced.filter((d) => d.severity === 'error').length;
  const text = formatText(
    {
      diagnostics: introduced,
      errors,
      warnings: introduced.length - errors,
      fileCount: after.fileCount,
      texts: loaded.texts,
    },
    { color: false },
  );
  return { errors: after.errors, warnings: after.warnings, fileCount: after.fileCount, introduced, text };
}

/**
 * The gate (src/gate/), run on the promotion commit against its base, exactly as the pull
 * request's gate check will run it, minus the reviews it cannot have yet (approvals show as
 * pending). Soak evidence comes from the base branch's git history.
 */
export async function adviseGate(dir: string, base: string, head: string, now: Date): Promise<GateAdvice> {
  const [{ runGate }, { formatGateText }, { formatGateMarkdown }] = await Promise.all([
    import('../gate/run.js'),
    import('../format/gate-text.js'),
    import('../format/gate-markdown.js'),
  ]);
  try {
    const { report } = await runGate({ dir, base, head, now });
    return {
      type: 'report',
      blocked: report.verdict === 'fail',
      summary: report.headline,
      text: formatGateText(report, { color: false }),
      markdown: formatGateMarkdown(report),
    };
  } catch (error) {
    // Advice must not turn a written branch into a failed command.
    if (error instanceof UserError) return { type: 'unavailable', reason: error.message };
    throw error;
  }
}
