import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pushDeployBranch, writeDeployBranch, originUrl } from '../../src/git/deploy-branch.js';
import { deployFiles, deployMessage } from '../../src/render/deploy-files.js';
import { TestRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';

const FILES = { 'manifest.yaml': '---\nkind: A\n', 'README.md': '# prod\n', 'hydrator.metadata': '{}\n' };

/** A repository with one commit on main and some uncommitted, partly staged work in progress. */
function workingRepo(): { repo: TestRepo; sha: string } {
  const repo = new TestRepo();
  const sha = repo.commit({ 'slipway.yaml': 'a: 1\n' }, { message: 'Promote fraud-detector 3.3.0 to prod' });
  repo.write({ 'slipway.yaml': 'a: 2\n', 'staged.txt': 'x\n', 'untracked.txt': 'y\n' });
  repo.git('add', 'staged.txt');
  return { repo, sha };
}

const state = (repo: TestRepo): string[] => [
  repo.git('rev-parse', 'HEAD'),
  repo.git('status', '--porcelain'),
  repo.git('diff', '--cached'),
  repo.git('symbolic-ref', 'HEAD'),
];

describe('the deploy branch writer', () => {
  it('first write: one commit with the message and trailer, and the checkout, index and HEAD untouched', async () => {
    const { repo, sha } = workingRepo();
    const before = state(repo);
    const message = deployMessage(sha, 'Promote fraud-detector 3.3.0 to prod');
    const result = await writeDeployBranch({
      root: repo.dir,
      branch: 'deploy/prod',
      path: 'manifests',
      files: FILES,
      message,
    });
    expect(result).toEqual({ kind: 'committed', commit: repo.git('rev-parse', 'deploy/prod').trim(), previous: null });
    expect(state(repo)).toEqual(before);
    expect(repo.git('log', '-1', '--format=%B', 'deploy/prod')).toBe(
      `${sha.slice(0, 7)}: Promote fraud-detector 3.3.0 to prod\n\nSlipway-Source: ${sha}\n\n`,
    );
    expect(repo.git('log', '-1', '--format=%(trailers:key=Slipway-Source,valueonly)', 'deploy/prod').trim()).toBe(sha);
    expect(repo.git('ls-tree', '-r', '--name-only', 'deploy/prod').trim().split('\n')).toEqual([
      'manifests/README.md',
      'manifests/hydrator.metadata',
      'manifests/manifest.yaml',
    ]);
    expect(repo.git('show', 'deploy/prod:manifests/manifest.yaml')).toBe(FILES['manifest.yaml']);
    expect(repo.git('rev-list', '--count', 'deploy/prod').trim()).toBe('1');
  });

  it('a second identical write commits nothing; a changed file commits on top', async () => {
    const { repo, sha } = workingRepo();
    const write = {
      root: repo.dir,
      branch: 'deploy/prod',
      path: 'manifests',
      files: FILES,
      message: deployMessage(sha, 's'),
    };
    const first = await writeDeployBranch(write);
    expect(await writeDeployBranch(write)).toEqual({ kind: 'unchanged', commit: first.commit });
    const next = await writeDeployBranch({ ...write, files: { ...FILES, 'manifest.yaml': '---\nkind: B\n' } });
    expect(next).toEqual({
      kind: 'committed',
      commit: repo.git('rev-parse', 'deploy/prod').trim(),
      previous: first.commit,
    });
    expect(repo.git('rev-list', '--count', 'deploy/prod').trim()).toBe('2');
  });

  it('replaces only its folder: other paths on the branch are preserved, stale files in the folder go', async () => {
    const { repo, sha } = workingRepo();
    const message = deployMessage(sha, 's');
    await writeDeployBranch({
      root: repo.dir,
      branch: 'deploy/prod',
      path: 'other/app',
      files: { 'x.yaml': 'x\n' },
      message,
    });
    await writeDeployBranch({
      root: repo.dir,
      branch: 'deploy/prod',
      path: 'manifests',
      files: { 'old.yaml': 'o\n' },
      message,
    });
    await writeDeployBranch({ root: repo.dir, branch: 'deploy/prod', path: 'manifests', files: FILES, message });
    expect(repo.git('ls-tree', '-r', '--name-only', 'deploy/prod').trim().split('\n')).toEqual([
      'manifests/README.md',
      'manifests/hydrator.metadata',
      'manifests/manifest.yaml',
      'other/app/x.yaml',
    ]);
  });

  it('pushes with a lease to a bare origin, and refuses when the lease is stale', async () => {
    const { repo, sha } = workingRepo();
    const origin = tempDir('slipway-origin-');
    execFileSync('git', ['init', '-q', '--bare', origin]);
    repo.git('remote', 'add', 'origin', origin);
    expect(await originUrl(repo.dir)).toBe(origin);
    const write = {
      root: repo.dir,
      branch: 'deploy/prod',
      path: 'manifests',
      files: FILES,
      message: deployMessage(sha, 's'),
    };
    const first = await writeDeployBranch(write);
    expect(await pushDeployBranch(repo.dir, 'deploy/prod', null)).toEqual({ kind: 'pushed', commit: first.commit });
    const remoteHead = (): string =>
      execFileSync('git', ['rev-parse', 'deploy/prod'], { cwd: origin, encoding: 'utf8' }).trim();
    expect(remoteHead()).toBe(first.commit);

    const second = await writeDeployBranch({ ...write, files: { ...FILES, 'README.md': '# prod, again\n' } });
    // Someone else believed the remote had no branch yet: their lease is stale, nothing moves.
    expect(await pushDeployBranch(repo.dir, 'deploy/prod', null)).toEqual({ kind: 'stale-lease', expected: null });
    expect(remoteHead()).toBe(first.commit);
    expect(await pushDeployBranch(repo.dir, 'deploy/prod', first.commit)).toEqual({
      kind: 'pushed',
      commit: second.commit,
    });
    expect(remoteHead()).toBe(second.commit);
  });

  it('the deploy files: manifest, hydrator.metadata with the full source SHA, and a README', () => {
    const files = deployFiles({
      environment: 'prod',
      objects: [],
      drySha: 'a'.repeat(40),
      repoURL: 'https://example.com/acme/ml.git',
    });
    expect(Object.keys(files)).toEqual(['README.md', 'hydrator.metadata', 'manifest.yaml']);
    expect(JSON.parse(files['hydrator.metadata']!)).toEqual({
      drySha: 'a'.repeat(40),
      repoURL: 'https://example.com/acme/ml.git',
      commands: [`slipway render --env prod --rev ${'a'.repeat(40)} --format yaml`],
    });
  });

  it('refuses unsafe folders and branch names', async () => {
    const { repo } = workingRepo();
    const write = { root: repo.dir, branch: 'deploy/prod', path: '../escape', files: FILES, message: 'm' };
    await expect(writeDeployBranch(write)).rejects.toThrow('deploy branch: unsafe path segment ".."');
    await expect(writeDeployBranch({ ...write, path: 'm', branch: 'deploy/../x' })).rejects.toThrow(
      'invalid branch name',
    );
  });
});
