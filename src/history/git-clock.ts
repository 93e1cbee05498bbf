import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';

/** When a first-parent commit of a branch counts as having reached it, as far as git can tell. */
interface CommitTime {
  /** The committer date the commit carries (ISO 8601, UTC): whoever made the commit chose it. */
  committed: string;
  /**
   * The latest committer date of the commit and every first-parent commit before it: a commit
   * cannot have reached the branch before its first parent did.
   */
  effective: string;
}

/** The first-parent commits of a branch by SHA, each with its committed and effective time. */
export type BranchClock = ReadonlyMap<string, CommitTime>;

/**
 * The clock of `commit`'s first-parent history. A commit fast-forwarded onto a branch keeps
 * the committer date it was written with, which anyone can set (`GIT_COMMITTER_DATE`): dated
 * by its first parent instead when that is later, a backdated commit counts from no earlier than
 * the branch tip it was put on. Git cannot know when a commit was pushed: a backdated commit on
 * a branch idle for days still counts from the idle tip's date (docs/security.md). One git process.
 */
export async function branchClock(dir: string, commit: string): Promise<BranchClock> {
  let raw: string;
  try {
    raw = await openGit(dir).raw(['log', commit, '--first-parent', '--format=%H %ct']);
  } catch (error) {
    throw gitError(error, `reading the first-parent history of ${commit}`);
  }
  const lines = raw.split('\n').filter((l) => l !== '');
  const clock = new Map<string, CommitTime>();
  let latest = -Infinity;
  for (let i = lines.length - 1; i >= 0; i--) {
    const [sha, seconds] = lines[i]!.split(' ');
    const ms = Number(seconds) * 1000;
    latest = Math.max(latest, ms);
    clock.set(sha!, { committed: new Date(ms).toISOString(), effective: new Date(latest).toISOString() });
  }
  return clock;
}
