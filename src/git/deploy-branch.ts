import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit } from './run.js';

export interface DeployWrite {
  /** The repository (any folder inside it). */
  root: string;
  /** The deploy branch, e.g. `deploy/prod`. */
  branch: string;
  /** The folder on that branch the files replace, e.g. `manifests`; other paths are kept. */
  path: string;
  /** File name (inside `path`) → content. */
  files: Readonly<Record<string, string>>;
  /** The whole commit message. */
  message: string;
}

export type DeployWriteResult =
  | { kind: 'unchanged'; commit: string }
  /** `previous` is null when the branch was created. */
  | { kind: 'committed'; commit: string; previous: string | null };

export type PushResult = { kind: 'pushed'; commit: string } | { kind: 'stale-lease'; expected: string | null };

const SAFE_SEGMENT = /^[-A-Za-z0-9_][-A-Za-z0-9._]*$/;

function checkPath(folder: string, names: readonly string[]): void {
  const bad = [...folder.split('/'), ...names].find((s) => !SAFE_SEGMENT.test(s));
  if (bad !== undefined) throw new Error(`deploy branch: unsafe path segment ${JSON.stringify(bad)}`);
}

function checkBranch(branch: string): void {
  if (!/^[A-Za-z0-9][-A-Za-z0-9._/]*$/.test(branch) || /\.\.|\/\/|\/$|\.lock$|\.$/.test(branch))
    throw new Error(`deploy branch: invalid branch name ${JSON.stringify(branch)}`);
}

async function branchHead(root: string, branch: string): Promise<string | null> {
  const out = await runGit(root, ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`], { allow: [1] });
  return out.code === 0 ? out.stdout.trim() : null;
}

/**
 * Commits `files` under `path` on `branch` with git plumbing only, in a temporary index: the
 * user's checkout, index and HEAD are never touched. The branch moves with a compare-and-swap
 * (`update-ref <new> <old>`), so a concurrent writer or a kill leaves either the old commit or the
 * new one. Nothing is committed when the resulting tree is the branch's tree already.
 */
export async function writeDeployBranch(write: DeployWrite): Promise<DeployWriteResult> {
  const { root, branch, files } = write;
  const folder = write.path.replace(/^\/+|\/+$/g, '');
  const names = Object.keys(files).sort();
  checkBranch(branch);
  checkPath(folder, names);
  const previous = await branchHead(root, branch);
  const scratch = await mkdtemp(path.join(tmpdir(), 'slipway-deploy-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    // One process stores every blob: the files are written out and hashed by path.
    const paths = names.map((_, i) => path.join(scratch, `blob-${i}`));
    await Promise.all(names.map((name, i) => writeFile(paths[i]!, files[name]!)));
    const blobs = (
      await runGit(root, ['hash-object', '-w', '--stdin-paths'], { input: `${paths.join('\n')}\n` })
    ).stdout
      .trim()
      .split('\n');
    if (previous) {
      await runGit(root, ['read-tree', previous], { env });
      // Only the target folder is replaced: whatever else the branch holds stays.
      await runGit(root, ['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', folder], { env });
    } else await runGit(root, ['read-tree', '--empty'], { env });
    const entries = names.map((name, i) => `100644 ${blobs[i]!}\t${folder}/${name}`).join('\n');
    await runGit(root, ['update-index', '--add', '--index-info'], { env, input: `${entries}\n` });
    const tree = (await runGit(root, ['write-tree'], { env })).stdout.trim();
    if (previous) {
      const before = (await runGit(root, ['rev-parse', `${previous}^{tree}`])).stdout.trim();
      if (before === tree) return { kind: 'unchanged', commit: previous };
    }
    const parents = previous ? ['-p', previous] : [];
    const commit = (
      await runGit(root, ['commit-tree', tree, ...parents, '-F', '-'], { input: write.message })
    ).stdout.trim();
    // The old value makes the move conditional: all zeros means "only if the branch does not exist".
    const expected = previous ?? '0'.repeat(commit.length);
    await runGit(root, ['update-ref', '-m', `slipway: deploy ${folder}`, `refs/heads/${branch}`, commit, expected]);
    return { kind: 'committed', commit, previous };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Pushes the deploy branch to `remote` only if the remote branch is still at `expected` (null:
 * absent), so a deploy commit pushed by someone else meanwhile is never overwritten.
 */
export async function pushDeployBranch(
  root: string,
  branch: string,
  expected: string | null,
  remote = 'origin',
): Promise<PushResult> {
  checkBranch(branch);
  const ref = `refs/heads/${branch}`;
  const out = await runGit(
    root,
    ['push', '--porcelain', `--force-with-lease=${ref}:${expected ?? ''}`, remote, `${ref}:${ref}`],
    { allow: [1] },
  );
  if (out.code === 0) return { kind: 'pushed', commit: (await runGit(root, ['rev-parse', ref])).stdout.trim() };
  if (/stale info|fetch first|rejected/.test(out.stdout + out.stderr)) return { kind: 'stale-lease', expected };
  throw new Error(`git push: ${(out.stderr || out.stdout).trim()}`);
}

/** The URL of `origin`, when the repository has one. */
export async function originUrl(root: string): Promise<string | undefined> {
  const out = await runGit(root, ['remote', 'get-url', 'origin'], { allow: [2, 128] });
  return out.code === 0 ? out.stdout.trim() || undefined : undefined;
}

/** The subject line of a commit's message. */
export async function commitSubject(root: string, sha: string): Promise<string> {
  return (await runGit(root, ['log', '-1', '--format=%s', sha, '--'])).stdout.trim();
}

/** What a deploy branch holds now: read from the local branch, else from origin's remote-tracking branch. */
export interface Deployed {
  /** The commit read; null when neither branch exists (or the folder is not a git repository). */
  commit: string | null;
  /** `<path>/manifest.yaml` at that commit; null when absent. */
  manifest: string | null;
  /** `<path>/hydrator.metadata` at that commit; null when absent. */
  metadata: string | null;
}

async function refHead(root: string, ref: string): Promise<string | null> {
  const out = await runGit(root, ['rev-parse', '--verify', '-q', `${ref}^{commit}`], { allow: [1, 128] });
  return out.code === 0 ? out.stdout.trim() : null;
}

async function blobAt(root: string, commit: string, file: string): Promise<string | null> {
  const out = await runGit(root, ['cat-file', 'blob', `${commit}:${file}`], { allow: [128] });
  return out.code === 0 ? out.stdout : null;
}

/** The files a deploy branch holds under `path`, for plan to compare the rendered objects with. */
export async function readDeployed(root: string, branch: string, path: string): Promise<Deployed> {
  checkBranch(branch);
  const folder = path.replace(/^\/+|\/+$/g, '');
  const commit =
    (await refHead(root, `refs/heads/${branch}`)) ?? (await refHead(root, `refs/remotes/origin/${branch}`));
  if (commit === null) return { commit: null, manifest: null, metadata: null };
  const [manifest, metadata] = await Promise.all([
    blobAt(root, commit, `${folder}/manifest.yaml`),
    blobAt(root, commit, `${folder}/hydrator.metadata`),
  ]);
  return { commit, manifest, metadata };
}

export type Alignment =
  /** `tracking`: origin's branch as last fetched (null when never fetched or no origin). */
  | { kind: 'aligned'; tracking: string | null }
  /** The local branch and origin's have each commits the other has not: nothing may be written. */
  | { kind: 'diverged'; local: string; tracking: string };

async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  return (await runGit(root, ['merge-base', '--is-ancestor', ancestor, descendant], { allow: [1] })).code === 0;
}

/**
 * Brings the local deploy branch up to origin's remote-tracking branch before a commit, so the
 * deploy commit is made on top of what was last fetched: created from it when missing (a fresh
 * clone), fast-forwarded when behind. Each move is a compare-and-swap, like the commit's.
 */
export async function alignWithOrigin(root: string, branch: string): Promise<Alignment> {
  checkBranch(branch);
  const tracking = await refHead(root, `refs/remotes/origin/${branch}`);
  if (tracking === null) return { kind: 'aligned', tracking };
  const local = await branchHead(root, branch);
  if (local === tracking) return { kind: 'aligned', tracking };
  if (local === null || (await isAncestor(root, local, tracking))) {
    const expected = local ?? '0'.repeat(tracking.length);
    await runGit(root, ['update-ref', '-m', 'slipway: follow origin', `refs/heads/${branch}`, tracking, expected]);
    return { kind: 'aligned', tracking };
  }
  if (await isAncestor(root, tracking, local)) return { kind: 'aligned', tracking };
  return { kind: 'diverged', local, tracking };
}
