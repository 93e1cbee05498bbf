import { gitTree } from './tree.js';
import { openGit } from './repo.js';
import { gitError } from './errors.js';
import { parseStatus } from './status.js';
import { readAhead } from '../load/read-ahead.js';
import type { TreeScope, TreeSource } from '../load/tree.js';

/** Where the desired state was read from, as recorded with every applied change. */
export interface RevisionInfo {
  source: TreeSource;
  /** Commit SHA; `working-tree` when the folder is not a git checkout or has no commit yet. */
  revision: string;
  /** Whether the working tree had uncommitted changes in what was read (always false for `--rev`). */
  dirty: boolean;
  /** Author name of the commit, for the audit actor. */
  author?: string;
  /**
   * Why there is no commit: `not-a-repository` (the folder is not in a git checkout) or
   * `no-commit` (a repository whose branch has no commit yet). Absent when `revision` is a commit.
   */
  uncommitted?: 'not-a-repository' | 'no-commit';
}

export const WORKING_TREE = 'working-tree';

const CONFIG_PATHS = ['slipway.yaml', 'slipway.yml', 'models', 'environments'];

/**
 * The tree to read: a git revision (`--rev`, read in a constant number of git processes), or the
 * working directory (`readAhead`) with its HEAD commit and dirtiness (one `git status` and one
 * `git log`).
 */
export async function readRevision(root: string, rev: string | undefined, scope?: TreeScope): Promise<RevisionInfo> {
  const git = openGit(root);
  if (rev !== undefined) {
    const tree = gitTree(root, rev, scope);
    const sha = await tree.commit();
    return { source: tree, revision: sha, dirty: false, ...(await authorOf(root, sha)) };
  }
  // The files are read on a second thread while git reports the commit and the tree's state.
  const source = readAhead(root, scope);
  let status: string;
  try {
    status = await git.raw([
      'status',
      '--porcelain=v2',
      '--branch',
      '--untracked-files=all',
      '--',
      ...(scope ? scopePaths(scope) : CONFIG_PATHS),
    ]);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/not a git repository/i.test(text))
      return { source, revision: WORKING_TREE, dirty: true, uncommitted: 'not-a-repository' };
    throw gitError(error, 'git status');
  }
  const parsed = parseStatus(status);
  const head = parsed.head;
  const dirty = parsed.dirty.length > 0;
  if (head === undefined) return { source, revision: WORKING_TREE, dirty: true, uncommitted: 'no-commit' };
  return { source, revision: head, dirty, ...(await authorOf(root, head)) };
}

/** The pathspecs of a scope: an edit elsewhere does not make its environments' tree dirty. */
function scopePaths(scope: TreeScope): string[] {
  return [
    'slipway.yaml',
    'slipway.yml',
    'models',
    'environments/*/environment.yaml',
    'environments/*/environment.yml',
    ...scope.environments.map((env) => `environments/${env}`),
  ];
}

async function authorOf(root: string, sha: string): Promise<{ author?: string }> {
  try {
    const name = (await openGit(root).raw(['log', '-1', '--format=%an', sha])).trim();
    return name ? { author: name } : {};
  } catch {
    return {};
  }
}
