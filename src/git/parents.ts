import { runGit } from './run.js';

/** A commit's parents, as far as they matter against a base: what the gate judges a merge by. */
export type CommitParentage =
  /** `commit` is `base` or in its history. */
  | { commit: string; inBase: true }
  | {
      commit: string;
      inBase: false;
      parents: string[];
      /** The first parent is `base` or one of its ancestors. */
      firstParentInBase: boolean;
    };

/**
 * `commit`'s parents and whether its first parent is in `base`'s history, in one git process:
 * `rev-list --parents commit ^base` lists exactly the commits that are not in `base`, so a parent
 * missing from the list is in it. Both arguments are commit SHAs.
 */
export async function commitParentage(root: string, commit: string, base: string): Promise<CommitParentage> {
  const out = await runGit(root, ['rev-list', '--parents', commit, `^${base}`]);
  const listed = new Map<string, string[]>();
  for (const line of out.stdout.split('\n')) {
    const [sha, ...parents] = line.trim().split(' ');
    if (sha) listed.set(sha, parents);
  }
  const parents = listed.get(commit);
  if (parents === undefined) return { commit, inBase: true };
  const first = parents[0];
  return { commit, inBase: false, parents, firstParentInBase: first !== undefined && !listed.has(first) };
}
