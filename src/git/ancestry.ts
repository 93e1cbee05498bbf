import { runGit } from './run.js';

/** Where a branch's head was found: the local branch, else the remote-tracking `origin/<branch>`. */
export type BranchHead =
  { kind: 'found'; ref: string; commit: string } | { kind: 'missing'; branch: string } | { kind: 'not-a-repository' };

/**
 * The commit `branch` points at: `refs/heads/<branch>`, else `refs/remotes/origin/<branch>` (a CI
 * checkout of a pull request has only the latter). Two `rev-parse` calls at most.
 */
export async function branchHead(root: string, branch: string): Promise<BranchHead> {
  for (const [ref, full] of [
    [branch, `refs/heads/${branch}`],
    [`origin/${branch}`, `refs/remotes/origin/${branch}`],
  ] as const) {
    const out = await runGit(root, ['rev-parse', '--verify', '--quiet', `${full}^{commit}`], { allow: [1, 128] });
    if (out.code === 128 && /not a git repository/i.test(out.stderr)) return { kind: 'not-a-repository' };
    const commit = out.stdout.trim();
    if (out.code === 0 && commit !== '') return { kind: 'found', ref, commit };
  }
  return { kind: 'missing', branch };
}

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Whether `commit` is in the history of `head` (`git merge-base --is-ancestor`); undefined when
 * git cannot tell (a commit this clone does not have). Anything but a full SHA (`working-tree`,
 * recorded outside git) is on no branch.
 */
export async function inHistoryOf(root: string, commit: string, head: string): Promise<boolean | undefined> {
  if (!COMMIT.test(commit)) return false;
  const out = await runGit(root, ['merge-base', '--is-ancestor', commit, head], { allow: [1, 128] });
  return out.code === 0 ? true : out.code === 1 ? false : undefined;
}
