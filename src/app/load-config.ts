import type { LoadedTree, ParseCache } from '../load/load-tree.js';
import type { TreeSource } from '../load/tree.js';
import type { ValidateOptions, ValidationResult } from '../validate/index.js';
import type { ValidateReport } from '../validate/report.js';

/** A tree read, parsed and validated: what every command that reads configuration starts from. */
export interface CheckedTree {
  loaded: LoadedTree;
  result: ValidationResult;
}

/**
 * Loads a tree and validates it: the one place that does both. The parser and the rules load
 * lazily, and the rules load while the first files are parsed (a working tree's files are read
 * on a second thread meanwhile), so `validate` pays for nothing it does not use. `source` may
 * still be on its way (git reporting a revision's state) while they load.
 */
export async function loadAndValidate(
  source: TreeSource | Promise<TreeSource>,
  options: ValidateOptions & { cache?: ParseCache } = {},
): Promise<CheckedTree> {
  const rules = import('../validate/index.js');
  rules.catch(() => undefined); // awaited below; a failure to load surfaces there
  const [tree, { loadTree }] = await Promise.all([source, import('../load/load-tree.js')]);
  const loaded = await loadTree(tree, options.cache);
  const result = (await rules).validateTree(loaded, options);
  return { loaded, result };
}

/** The report of a checked tree, as the validate formatters take it. */
export function validateReport({ loaded, result }: CheckedTree): ValidateReport {
  return {
    diagnostics: result.diagnostics,
    fileCount: result.fileCount,
    errors: result.errors,
    warnings: result.warnings,
    texts: loaded.texts,
  };
}
