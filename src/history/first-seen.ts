import { catFiles } from '../git/tree.js';
import { parseFile } from '../load/parse.js';
import type { BranchClock } from './git-clock.js';
import { firstParentChanges } from './git-log.js';
import { versionKey } from './timeline.js';

/** When a model version first appeared on a branch. */
export interface FirstSeen {
  /** The first first-parent commit whose model registry lists the version. */
  commit: string;
  /** That commit's effective time (`git-clock.ts`). */
  at: string;
}

/**
 * For each of `versions`, the first first-parent commit of `commit` whose `models/` lists it, by
 * `versionKey`: a version cannot have been live anywhere before it was published. Versions never
 * listed are left out. One `git log -G` per version (only commits that add or remove a line
 * naming it), and one `cat-file --batch` for the files those commits wrote.
 */
export async function versionsFirstSeen(
  dir: string,
  commit: string,
  versions: ReadonlyArray<{ model: string; version: string }>,
  clock: BranchClock,
): Promise<Map<string, FirstSeen>> {
  const wanted = [...new Map(versions.map((v) => [versionKey(v.model, v.version), v])).values()];
  const logs = await Promise.all(
    wanted.map((v) =>
      firstParentChanges(dir, commit, 'models/', `reading the history of models/ at ${commit.slice(0, 7)}`, [
        `-G${basicRegex(v.version)}`,
      ]),
    ),
  );
  const blobs = new Map<string, string>();
  for (const log of logs) for (const c of log) for (const [file, sha] of c.changes) if (sha) blobs.set(sha, file);
  const shas = [...blobs.keys()];
  const contents = new Map((await catFiles(dir, shas)).map((content, i) => [shas[i]!, content]));

  const found = new Map<string, FirstSeen>();
  wanted.forEach((v, i) => {
    for (const c of logs[i]!) {
      const lists = [...c.changes.entries()].some(
        ([file, sha]) => sha !== null && listsVersion(file, contents.get(sha), v.model, v.version),
      );
      if (!lists) continue;
      found.set(versionKey(v.model, v.version), { commit: c.sha, at: clock.get(c.sha)?.effective ?? c.at });
      return;
    }
  });
  return found;
}

/** Whether a file's Model `model` lists `version`, parsed with the same guards as the current tree. */
function listsVersion(file: string, content: Buffer | undefined, model: string, version: string): boolean {
  if (content === undefined || !content.includes(version)) return false;
  return parseFile({ path: file, status: 'ok', content }).documents.some(({ value }) => {
    if (!isRecord(value) || value.kind !== 'Model' || !isRecord(value.metadata) || value.metadata.name !== model)
      return false;
    const versions = isRecord(value.spec) && Array.isArray(value.spec.versions) ? value.spec.versions : [];
    return versions.some((v) => isRecord(v) && String(v.version) === version);
  });
}

/** `version` as a POSIX basic regular expression matching itself (what `git log -G` takes). */
function basicRegex(version: string): string {
  return version.replace(/[.[\]\\*^$]/g, (c) => `\\${c}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
