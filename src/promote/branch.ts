import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';
import { gitError } from '../git/errors.js';
import { openGit } from '../git/repo.js';
import type { FileChange } from './plan.js';

/**
 * Writing a promotion commit on its own branch without touching the user's checkout: the
 * blobs, tree and commit are built with plumbing (`hash-object`, a throw-away index,
 * `write-tree`, `commit-tree`) on top of HEAD, and the branch ref is set atomically with
 * `update-ref`. The working tree, the index and the checked-out branch stay exactly as they
 * were, so a promotion can never trample uncommitted work, and the user switches to the
 * branch only if they want to look at it.
 */

/** The trailer that marks commits Slipway wrote, so a re-run may replace its own branch. */
export const GENERATED_TRAILER = 'Generated-by: slipway';

const ZERO = '0'.repeat(40);

async function raw(git: SimpleGit, args: string[], what: string): Promise<string> {
  try {
    return (await git.raw(args)).trim();
  } catch (error) {
    throw gitError(error, what);
  }
}

/** Refuses a name git would not accept as a branch (usage error). */
export async function checkBranchName(git: SimpleGit, name: string): Promise<void> {
  try {
    if (name.startsWith('-')) throw new Error('leading dash');
    await git.raw(['check-ref-format', '--branch', name]);
  } catch {
    throw new UserError(`\`${name}\` is not a valid branch name`, {
      hint: 'pass --branch with a name like slipway/promote/my-change',
    });
  }
}

/** The commit a local branch points to, if the branch exists. */
export async function branchTip(git: SimpleGit, name: string): Promise<string | undefined> {
  try {
    const sha = (await git.raw(['rev-parse', '--verify', '--quiet', `refs/heads/${name}^{commit}`])).trim();
    return sha === '' ? undefined : sha;
  } catch {
    return undefined;
  }
}

/**
 * Whether Slipway may move `tip` (an existing branch, local or remote) to a new commit on
 * `base`: it is already merged into `base`, or every commit on it since `base` is one
 * Slipway wrote (an earlier run of the same promotion, e.g. a canary step before merging).
 */
export async function isReplaceable(git: SimpleGit, base: string, tip: string): Promise<boolean> {
  // simple-git resolves a non-zero exit without stderr, so `merge-base --is-ancestor` cannot be trusted here.
  const mergeBase = await raw(git, ['merge-base', tip, base], 'reading the existing branch').catch(() => '');
  if (mergeBase === tip) return true;
  const log = await raw(git, ['log', '--format=%B%x00', `${base}..${tip}`], 'reading the existing branch');
  const messages = log
    .split('\0')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  return messages.length > 0 && messages.every((m) => m.split('\n').includes(GENERATED_TRAILER));
}

export interface CommitRequest {
  /** The commit the branch starts from (HEAD). */
  parent: string;
  changes: readonly FileChange[];
  /** Full message: subject, blank line, body. */
  message: string;
  branch: string;
  /** The branch's current tip when replacing it; absent when the branch must not exist yet. */
  replaces?: string;
}

/** Builds the commit and points `branch` at it; returns the commit SHA. */
export async function commitOnBranch(dir: string, request: CommitRequest): Promise<string> {
  const git = openGit(dir);
  const scratch = await mkdtemp(path.join(tmpdir(), 'slipway-promote-'));
  try {
    const indexed = openGit(dir).env({ ...plumbingEnv(), GIT_INDEX_FILE: path.join(scratch, 'index') });
    await raw(indexed, ['read-tree', request.parent], 'preparing the commit');
    for (const [i, change] of request.changes.entries()) {
      const file = path.join(scratch, `blob-${i}`);
      await writeFile(file, change.after);
      // --path applies the repository's attributes (eol, filters) for that path.
      const blob = await raw(
        git,
        ['hash-object', '-w', `--path=${change.path}`, '--', file],
        'writing the changed file',
      );
      // Configuration files are plain files (never executable): 100644.
      await raw(
        indexed,
        ['update-index', '--add', '--cacheinfo', `100644,${blob},${change.path}`],
        'preparing the commit',
      );
    }
    const tree = await raw(indexed, ['write-tree'], 'preparing the commit');
    const messageFile = path.join(scratch, 'message');
    await writeFile(messageFile, request.message);
    let commit: string;
    try {
      commit = (await git.raw(['commit-tree', tree, '-p', request.parent, '-F', messageFile])).trim();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/tell me who you are|empty ident|unable to auto-detect email/i.test(text)) {
        throw new UserError('git does not know who you are, so the commit has no author', {
          hint: 'set it with `git config user.name "Your Name"` and `git config user.email you@example.com`',
          cause: error,
        });
      }
      throw gitError(error, 'writing the commit');
    }
    await raw(
      git,
      [
        'update-ref',
        '-m',
        `slipway: ${request.message.split('\n')[0]}`,
        `refs/heads/${request.branch}`,
        commit,
        request.replaces ?? ZERO,
      ],
      `creating branch ${request.branch}`,
    );
    return commit;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The process environment for the index commands, without the variables simple-git refuses to
 * pass on (editors, pagers, credential and ssh helpers): none of them matter to plumbing.
 */
function plumbingEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/EDITOR|PAGER|ASKPASS|SSH|PROXY|EXTERNAL|^GIT_CONFIG/i.test(key)) env[key] = value;
  }
  return env;
}

/** The unified diff a promotion commit makes, as git shows it. */
export async function commitDiff(dir: string, parent: string, commit: string): Promise<string> {
  return raw(openGit(dir), ['diff', '--no-color', '--no-ext-diff', parent, commit], 'showing the change');
}
