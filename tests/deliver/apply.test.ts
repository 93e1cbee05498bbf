import { execFileSync } from 'node:child_process';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { validateObjects } from '../../src/render/validate-objects.js';
import type { K8sObject } from '../../src/render/types.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo, type RepoShape } from '../support/base-reconcile.js';
import { tempDir } from '../support/tree.js';
import { TestRepo } from '../support/config-repo.js';

const env = { GITHUB_ACTOR: '' };
const cli = (repo: TestRepo, ...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env });
const short = (sha: string) => sha.slice(0, 7);
const split = (percents: [number, number]) => [
  { version: '1.0.0', percent: percents[0] },
  { version: '2.0.0', percent: percents[1] },
];

/** A repository whose prod is delivered to Kubernetes. */
function k8sRepo(shape: RepoShape = {}, message = 'Add the fraud models'): { repo: TestRepo; sha: string } {
  const repo = new TestRepo();
  const sha = repo.commit(reconcileRepo({ kubernetes: {}, ...shape }), {
    message,
    author: { name: 'Alice', email: 'a@x' },
  });
  return { repo, sha };
}

/** The user's side of the repository: HEAD, the index, the working tree, the checked-out branch. */
const checkout = (repo: TestRepo): string[] => [
  repo.git('rev-parse', 'HEAD'),
  repo.git('symbolic-ref', 'HEAD'),
  // (the state store under .slipway/ is not the user's work)
  repo.git('status', '--porcelain', '--untracked-files=all', '--', '.', ':!.slipway'),
  repo.git('diff'),
  repo.git('diff', '--cached'),
];

const objectsOf = (yaml: string): K8sObject[] =>
  jsYaml.loadAll(yaml, undefined, { schema: jsYaml.CORE_SCHEMA }) as K8sObject[];

interface HistoryJson {
  entries: Array<{ action: string; kind: string; name: string; revision: string; deployCommit?: string }>;
}

describe('apply to a kubernetes target', () => {
  it('commits the rendered, validated manifests to deploy/prod, and leaves HEAD, the index and the working tree alone', async () => {
    const { repo, sha } = k8sRepo();
    // Work in progress outside the configuration: staged, unstaged and untracked.
    repo.write({ 'README.md': 'notes\n', 'staged.txt': 'x\n', 'untracked.txt': 'y\n' });
    repo.git('add', 'staged.txt', 'README.md');
    repo.write({ 'README.md': 'notes, edited\n' });
    const before = checkout(repo);

    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const head = repo.git('rev-parse', 'deploy/prod').trim();
    expect(r.stdout).toContain(`
Deploy branch deploy/prod (not created yet), manifests/manifest.yaml:

  + AuthorizationPolicy/d-0
  + AuthorizationPolicy/d-1
  + InferenceService/d-0-v1-0-0
  + InferenceService/d-1-v1-0-0
  + VirtualService/d-0
  + VirtualService/d-1

Deploy: 6 to add, 0 to change, 0 to remove, 0 unchanged.
`);
    expect(r.stdout).toContain(
      `Committed ${short(head)} to deploy/prod (created): 6 objects in manifests/manifest.yaml.\nApply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${short(sha)}, by Test User).\n`,
    );
    expect(checkout(repo)).toEqual(before);

    expect(repo.git('log', '-1', '--format=%B', 'deploy/prod')).toBe(
      `${short(sha)}: Add the fraud models\n\nSlipway-Source: ${sha}\n\n`,
    );
    expect(repo.git('log', '-1', '--format=%(trailers:key=Slipway-Source,valueonly)', 'deploy/prod').trim()).toBe(sha);
    expect(repo.git('rev-list', '--count', 'deploy/prod').trim()).toBe('1');
    expect(repo.git('ls-tree', '-r', '--name-only', 'deploy/prod').trim().split('\n')).toEqual([
      'manifests/README.md',
      'manifests/hydrator.metadata',
      'manifests/manifest.yaml',
    ]);
    expect(JSON.parse(repo.git('show', 'deploy/prod:manifests/hydrator.metadata'))).toEqual({
      drySha: sha,
      commands: [`slipway render --env prod --rev ${sha} --format yaml`],
    });

    // The branch holds exactly what `render` prints, and every object passes its schema.
    const manifest = repo.git('show', 'deploy/prod:manifests/manifest.yaml');
    expect(manifest).toBe((await cli(repo, 'render', '--env', 'prod', '--rev', sha)).stdout);
    expect(validateObjects(objectsOf(manifest))).toEqual([]);

    // Every audit row of the run names the deploy commit.
    const history = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as HistoryJson;
    expect(history.entries).toHaveLength(7);
    expect(new Set(history.entries.map((e) => e.deployCommit))).toEqual(new Set([head]));
  });

  it('is idempotent: a second apply commits nothing, and neither does a commit that changes no configuration', async () => {
    const { repo, sha } = k8sRepo();
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const head = repo.git('rev-parse', 'deploy/prod').trim();

    expect(await cli(repo, 'apply', '--env', 'prod', '--yes')).toEqual({
      code: 0,
      stdout: `No changes. prod matches revision ${short(sha)}.\n`,
      stderr: '',
    });
    const plan = await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(`No changes. prod matches revision ${short(sha)}.

Deploy branch deploy/prod at ${short(head)} holds these manifests (6 objects).

Not enforced by the kubernetes target of prod (4 fields, docs/kubernetes.md):
  d-0
    Deployment/d-0 spec.inputs: nothing in KServe, Istio or Kubernetes expresses it
    ErrorPolicy/default spec.fallback: nothing in KServe, Istio or Kubernetes expresses it
  d-1
    Deployment/d-1 spec.inputs: nothing in KServe, Istio or Kubernetes expresses it
    ErrorPolicy/default spec.fallback: nothing in KServe, Istio or Kubernetes expresses it
`);

    const docs = repo.commit({ 'README.md': 'how we deploy\n' }, { message: 'Document the process' });
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).stdout).toBe(
      `No changes. prod matches revision ${short(docs)}.\n`,
    );
    expect(repo.git('rev-parse', 'deploy/prod').trim()).toBe(head);
    expect(repo.git('rev-list', '--count', 'deploy/prod').trim()).toBe('1');
  });

  it('a changed traffic split changes only the VirtualService weights in the deploy commit', async () => {
    const { repo, sha: a } = k8sRepo({ traffic: split([50, 50]) });
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const b = repo.commit(reconcileRepo({ kubernetes: {}, traffic: split([90, 10]) }), {
      message: 'Shift d-0 to 90/10',
    });

    const plan = await cli(repo, 'plan', '--env', 'prod', '--format', 'json');
    const json = JSON.parse(plan.stdout) as { delivery: { summary: unknown; objects: unknown[] } };
    expect(json.delivery.summary).toEqual({ add: 0, change: 1, remove: 0, unchanged: 6 });
    expect(json.delivery.objects).toEqual([
      {
        action: 'change',
        kind: 'VirtualService',
        name: 'd-0',
        namespace: 'ml-prod',
        diff: [
          { path: 'spec.http[0].route[0].weight', before: 50, after: 90 },
          { path: 'spec.http[0].route[1].weight', before: 50, after: 10 },
        ],
      },
    ]);

    expect((await cli(repo, 'plan', '--env', 'prod', '--format', 'markdown')).stdout).toContain(
      '**0 to add, 1 to change, 0 to remove, 6 unchanged**\n\n```diff\n! VirtualService/d-0\n    spec.http[0].route[0].weight: 50 → 90\n',
    );

    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  ~ VirtualService/d-0
      spec.http[0].route[0].weight: 50 → 90
      spec.http[0].route[1].weight: 50 → 10

Deploy: 0 to add, 1 to change, 0 to remove, 6 unchanged.
`);
    expect(repo.git('log', '-1', '--format=%s', 'deploy/prod').trim()).toBe(`${short(b)}: Shift d-0 to 90/10`);
    const changed = (file: string) =>
      repo
        .git('diff', '--unified=0', 'deploy/prod~1', 'deploy/prod', '--', `manifests/${file}`)
        .split('\n')
        .filter((l) => /^[-+](?![-+]{2} )/.test(l));
    expect(changed('manifest.yaml')).toEqual([
      '-          weight: 50',
      '+          weight: 90',
      '-          weight: 50',
      '+          weight: 10',
    ]);
    // Only the source commit changes in the other two files.
    for (const line of [...changed('hydrator.metadata'), ...changed('README.md')])
      expect(line).toContain(line.startsWith('+') ? b : a);
  });

  it('a deploy branch changed or deleted outside slipway is drift on the Environment: apply commits it again', async () => {
    const { repo } = k8sRepo();
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const good = repo.git('show', 'deploy/prod:manifests/manifest.yaml');
    repo.git('update-ref', '-d', 'refs/heads/deploy/prod');

    const plan = await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('  ~ Environment/prod  (drift: changed outside slipway)\n');
    expect(plan.stdout).toContain('Deploy: 6 to add, 0 to change, 0 to remove, 0 unchanged.');
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.stdout).toContain('Apply complete: 0 added, 1 changed, 0 destroyed in prod');
    expect(repo.git('show', 'deploy/prod:manifests/manifest.yaml')).toBe(good);
    const head = repo.git('rev-parse', 'deploy/prod').trim();
    const history = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as HistoryJson;
    expect(history.entries[0]).toMatchObject({ action: 'update', kind: 'Environment', deployCommit: head });

    // A hand edit on the branch is drift too, and the plan shows the field it changed.
    const worktree = tempDir('slipway-deploy-wt-');
    repo.git('worktree', 'add', '-q', worktree, 'deploy/prod');
    const hacked = new TestRepo(worktree);
    hacked.commit({ 'manifests/manifest.yaml': good.replace('m/1.0.0/model.onnx', 'm/1.0.0/hacked.onnx') });
    const again = await cli(repo, 'plan', '--env', 'prod');
    expect(again.stdout).toContain('  ~ Environment/prod  (drift: changed outside slipway)\n');
    expect(again.stdout).toContain(`Deploy branch deploy/prod at ${short(hacked.head())}, manifests/manifest.yaml:

  ~ InferenceService/d-0-v1-0-0
      spec.predictor.model.storageUri: s3://models/m/1.0.0/hacked.onnx → s3://models/m/1.0.0/model.onnx

Deploy: 0 to add, 1 to change, 0 to remove, 5 unchanged.
`);
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(repo.git('show', 'deploy/prod:manifests/manifest.yaml')).toBe(good);
  });

  it('refuses a working tree with uncommitted configuration, before anything is written', async () => {
    const { repo } = k8sRepo();
    repo.write({ 'environments/prod/base.yaml': `${repo.git('show', 'HEAD:environments/prod/base.yaml')}\n` });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: environment prod is delivered to a deploy branch: apply a commit, not a working tree with uncommitted changes\nhint: commit the changes, or pass --rev with a commit: the deploy commit names the commit it was rendered from\n',
    });
    expect(repo.git('branch', '--list', 'deploy/*')).toBe('');
    // plan shows what the working tree would give.
    expect((await cli(repo, 'plan', '--env', 'prod')).stdout).toContain('Deploy: 6 to add');
  });
});

describe('push with a lease', () => {
  function pushed(): { repo: TestRepo; origin: string; sha: string } {
    const { repo, sha } = k8sRepo({ kubernetes: { push: true } });
    const origin = tempDir('slipway-origin-');
    execFileSync('git', ['init', '-q', '--bare', origin]);
    repo.git('remote', 'add', 'origin', origin);
    return { repo, origin, sha };
  }
  const remoteHead = (origin: string): string =>
    execFileSync('git', ['rev-parse', 'deploy/prod'], { cwd: origin, encoding: 'utf8' }).trim();

  it('pushes the deploy commit to origin, naming origin in hydrator.metadata', async () => {
    const { repo, origin, sha } = pushed();
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(0);
    const head = repo.git('rev-parse', 'deploy/prod').trim();
    expect(r.stdout).toContain(
      `Committed ${short(head)} to deploy/prod (created): 6 objects in manifests/manifest.yaml; pushed to origin.\n`,
    );
    expect(remoteHead(origin)).toBe(head);
    expect(JSON.parse(repo.git('show', 'deploy/prod:manifests/hydrator.metadata'))).toEqual({
      drySha: sha,
      repoURL: origin,
      commands: [`slipway render --env prod --rev ${sha} --format yaml`],
    });
  });

  it('never overwrites a deploy commit someone else pushed: a stale lease is refused and nothing is recorded', async () => {
    const { repo, origin } = pushed();
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    // Someone else pushes a deploy commit this clone has not fetched.
    const other = new TestRepo(tempDir('slipway-other-'));
    other.git('fetch', '-q', origin, 'deploy/prod:deploy/prod');
    other.git('checkout', '-q', 'deploy/prod');
    const theirs = other.commit({ 'manifests/README.md': 'theirs\n' }, { message: 'their deploy' });
    other.git('push', '-q', origin, 'deploy/prod');

    repo.commit(reconcileRepo({ kubernetes: { push: true }, deployments: 3 }), { message: 'Add d-2' });
    const stale = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^error: origin's deploy\/prod has moved since it was last fetched: deploy commit [0-9a-f]{7} was not pushed, and nothing was recorded\nhint: fetch it/,
    );
    expect(remoteHead(origin)).toBe(theirs);
    expect((await cli(repo, 'plan', '--env', 'prod')).stdout).toContain('+ Deployment/d-2');

    // Fetched: the local branch (with the unpushed commit) and origin's have diverged.
    repo.git('fetch', '-q', 'origin');
    const diverged = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(diverged.code).toBe(1);
    expect(diverged.stderr).toContain('and origin/deploy/prod');
    expect(diverged.stderr).toContain('have diverged; nothing was committed or recorded');

    // Keeping origin's, the next deploy commit goes on top of theirs.
    repo.git('branch', '-f', 'deploy/prod', 'origin/deploy/prod');
    const ok = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(ok.code, ok.stderr).toBe(0);
    expect(remoteHead(origin)).toBe(repo.git('rev-parse', 'deploy/prod').trim());
    expect(repo.git('rev-parse', 'deploy/prod~1').trim()).toBe(theirs);
  });

  it('a fresh clone starts from origin/deploy/prod', async () => {
    const { repo, origin } = pushed();
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const first = remoteHead(origin);
    repo.git('update-ref', '-d', 'refs/heads/deploy/prod');
    repo.commit(reconcileRepo({ kubernetes: { push: true }, deployments: 3 }), { message: 'Add d-2' });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(repo.git('rev-parse', 'deploy/prod~1').trim()).toBe(first);
    expect(remoteHead(origin)).toBe(repo.git('rev-parse', 'deploy/prod').trim());
  });

  it('push: true without an origin is an environment error, before anything is written', async () => {
    const { repo } = k8sRepo({ kubernetes: { push: true } });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: the kubernetes target of prod pushes deploy/prod, but the repository has no origin',
    );
    expect(repo.git('branch', '--list', 'deploy/*')).toBe('');
    expect((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout).toContain('"entries": []');
  });
});
