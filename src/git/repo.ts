import { simpleGit, type SimpleGit } from 'simple-git';
import { gitError } from './errors.js';

/** A git checkout, through simple-git. */
export function openGit(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, maxConcurrentProcesses: 4, trimmed: false });
}

/** The full commit SHA of `rev`; a clear error when the revision does not exist. */
export async function resolveCommit(git: SimpleGit, rev: string): Promise<string> {
  if (rev.startsWith('-')) throw gitError(new Error('unknown revision'), `revision ${rev}`);
  try {
    return (await git.revparse(['--verify', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch (error) {
    throw gitError(error, `revision ${rev}`);
  }
}

/** git's `user.name` for `dir` (repository, then global configuration), or undefined. */
export async function gitUserName(dir: string): Promise<string | undefined> {
  try {
    const name = (await openGit(dir).raw(['config', '--get', 'user.name'])).trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}
