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
 * listed are left out. One `git log -G` for all of them (only commits that add or remove a line
 * naming one), and one `cat-file --batch` for the files those commits wrote.
 */
export async function versionsFirstSeen(
  dir: string,
  commit: string,
  versions: ReadonlyArray<{ model: string; version: string }>,
  clock: BranchClock,
): Promise<Map<string, FirstSeen>> {
  const found = new Map<string, FirstSeen>();
  const wanted = [...new Map(versions.map((v) => [versionKey(v.model, v.version), v])).values()];
  if (wanted.length === 0) return found;
  const pattern = [...new Set(wanted.map((v) => extendedRegex(v.version)))].join('|');
  const log = await firstParentChanges(
    dir,
    commit,
    'models/',
    `reading the history of models/ at ${commit.slice(0, 7)}`,
    [`-G${pattern}`],
  );
  const blobs = new Map<string, string>();
  for (const c of log) for (const [file, sha] of c.changes) if (sha) blobs.set(sha, file);
  const shas = [...blobs.keys()];
  const contents = new Map((await catFiles(dir, shas)).map((content, i) => [shas[i]!, content]));

  for (const v of wanted) {
    for (const c of log) {
      const lists = [...c.changes.entries()].some(
        ([file, sha]) => sha !== null && listsVersion(file, contents.get(sha), v.model, v.version),
      );
      if (!lists) continue;
      found.set(versionKey(v.model, v.version), { commit: c.sha, at: clock.get(c.sha)?.effective ?? c.at });
      break;
    }
  }
  return found;
}

/** Whether a file's Model `model` lists `version`, parsed with the same guards as the current tree. */
function listsVersion(file: string, content: Buffer | undefined, model: string, version: string): boolean {
  // Only files naming both are parsed: the first commit of a branch adds every model at once.
  if (content === undefined || !content.includes(version) || !content.includes(model)) return false;
  return parseFile({ path: file, status: 'ok', content }).documents.some(({ value }) => {
    if (!isRecord(value) || value.kind !== 'Model' || !isRecord(value.metadata) || value.metadata.name !== model)
      return false;
    const versions = isRecord(value.spec) && Array.isArray(value.spec.versions) ? value.spec.versions : [];
    return versions.some((v) => isRecord(v) && String(v.version) === version);
  });
}

/**
 * `version` as a POSIX extended regular expression matching itself: `git log -G` compiles its
 * pattern as an extended one, where a build's `+` would otherwise be a quantifier.
 */
function extendedRegex(version: string): string {
  return version.replace(/[.[\]\\*^$+?(){}|]/g, (c) => `\\${c}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
