import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';
import { isConfigPath } from '../load/tree.js';

const ZERO_SHA = /^0+$/;

/** One first-parent commit of a branch that touched the paths read, with the blobs it changed. */
export interface LoggedCommit {
  sha: string;
  /** The committer date, ISO 8601 (UTC): what the commit claims, not when it reached the branch. */
  at: string;
  /** Path → new blob SHA, or `null` when the commit deleted the file. Configuration files only. */
  changes: Map<string, string | null>;
}

/**
 * The first-parent commits of `commit` that changed configuration files under `path`, oldest
 * first, merges diffed against their first parent: on a protected branch a change takes effect
 * when its pull request merges, not when its commit was written. `only` narrows the commits
 * further (e.g. `-G<regex>`: whose diff adds or removes a matching line). One git process.
 */
export async function firstParentChanges(
  dir: string,
  commit: string,
  path: string,
  what: string,
  only: readonly string[] = [],
): Promise<LoggedCommit[]> {
  let raw: string;
  try {
    raw = await openGit(dir).raw([
      'log',
      commit,
      '--first-parent',
      '--diff-merges=first-parent',
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '-z',
      '--format=%x01%H%x00%cI%x00',
      ...only,
      '--',
      path,
    ]);
  } catch (error) {
    throw gitError(error, what);
  }
  return parseLog(raw).reverse();
}

/** Parses `log --raw -z` output with the `\x01%H\0%cI\0` format, newest first. */
function parseLog(raw: string): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (const record of raw.split('\x01')) {
    if (!record) continue;
    const fields = record.split('\0');
    const sha = fields[0]!;
    const at = new Date(fields[1]!).toISOString();
    const changes = new Map<string, string | null>();
    for (let i = 2; i < fields.length; i++) {
      const meta = fields[i]!.replace(/^\s+/, '');
      if (!meta.startsWith(':')) continue;
      const file = fields[++i];
      if (file === undefined) break;
      // `:<old mode> <new mode> <old sha> <new sha> <status>`
      const [, newMode, , newSha, status] = meta.slice(1).split(' ');
      if (!isConfigPath(file)) continue;
      // A link or submodule holds no document of its own here (git trees follow links elsewhere).
      const gone = status === 'D' || !newSha || ZERO_SHA.test(newSha) || newMode === '120000' || newMode === '160000';
      changes.set(file, gone ? null : newSha);
    }
    commits.push({ sha, at, changes });
  }
  return commits;
}
