import { openGit } from './repo.js';

/** The commit a branch points at, and which ref said so. */
export interface BranchTip {
  /** The branch's name, e.g. `main`. */
  name: string;
  /** `refs/remotes/origin/main` or `refs/heads/main`. */
  ref: string;
  sha: string;
}

async function revParse(root: string, ref: string): Promise<string | undefined> {
  try {
    const sha = (
      await openGit(root).raw(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`])
    ).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tip of branch `name`: `origin/<name>` when the clone has it (what was merged where others
 * see it; a commit made only on the local branch has been reviewed by no one), else the local
 * branch. Undefined when neither exists.
 */
export async function branchTip(root: string, name: string): Promise<BranchTip | undefined> {
  for (const ref of [`refs/remotes/origin/${name}`, `refs/heads/${name}`]) {
    const sha = await revParse(root, ref);
    if (sha !== undefined) return { name, ref, sha };
  }
  return undefined;
}

/** The branch `origin/HEAD` names (the remote's own default branch), when the clone records one. */
export async function originHead(root: string): Promise<string | undefined> {
  try {
    const ref = (await openGit(root).raw(['symbolic-ref', '-q', 'refs/remotes/origin/HEAD'])).trim();
    return ref.startsWith('refs/remotes/origin/') ? ref.slice('refs/remotes/origin/'.length) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `commit` is `tip` or one of its ancestors. */
export async function isAncestor(root: string, commit: string, tip: string): Promise<boolean> {
  // By exit code (0 yes, 1 no), which simple-git does not report when git prints nothing.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('git', ['merge-base', '--is-ancestor', commit, tip], { cwd: root }, (error) => resolve(error === null));
  });
}

/** One file of a commit, or undefined when the commit has no such file. */
export async function fileAt(root: string, sha: string, file: string): Promise<Buffer | undefined> {
  try {
    const text = await openGit(root).raw(['cat-file', 'blob', `${sha}:${file}`]);
    return Buffer.from(text);
  } catch {
    return undefined;
  }
}
