import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { formatStatusText } from '../../src/format/status-text.js';
import type { StatusReport } from '../../src/status/status.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo, withFiles, writeRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';

const env = { GITHUB_ACTOR: '' };
const cli = (repo: { dir: string }, ...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env });
const short = (sha: string) => sha.slice(0, 7);
const canary = reconcileRepo({
  traffic: [
    { version: '1.0.0', percent: 90 },
    { version: '2.0.0', percent: 10 },
  ],
});

interface SyncJson {
  status: string;
  ref?: string;
  revision?: string;
  pending?: { add: number; change: number; destroy: number };
  changes?: Array<{ action: string; kind: string; name: string; drift?: string }>;
  offRef?: string[];
  reason?: { kind: string };
}
const syncOf = async (repo: { dir: string }, ...argv: string[]): Promise<Record<string, SyncJson>> => {
  const r = await cli(repo, 'status', '--format', 'json', ...argv);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as { environments: Array<{ env: string; sync: SyncJson }> };
  return Object.fromEntries(report.environments.map((e) => [e.env, e.sync]));
};

describe('status: sync with the default branch', () => {
  it('says Synced when applying main would change nothing, and exits 0 with --exit-code', async () => {
    const repo = new TestRepo();
    const a = repo.commit(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'dev,prod', '--yes')).code).toBe(0);
    const r = await cli(repo, 'status', '--exit-code');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`\n  sync: Synced with main (${short(a)})\n  d-0  1.0.0 100%\n`);
    expect(await syncOf(repo, '--env', 'prod')).toEqual({
      prod: {
        status: 'synced',
        ref: 'main',
        revision: a,
        pending: { add: 0, change: 0, destroy: 0 },
        changes: [],
        offRef: [],
      },
    });
  });

  it('says OutOfSync with the pending changes once main moves on, exits 2, and --rev compares with another commit', async () => {
    const repo = new TestRepo();
    const a = repo.commit(reconcileRepo({ deployments: 3 }));
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    const b = repo.commit(reconcileRepo({ deployments: 1 }));
    const r = await cli(repo, 'status', '--env', 'prod', '--exit-code');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      `prod: last apply ${short(a)} at 2026-11-28T12:00:00.000Z by Test User, 8 resources\n  sync: OutOfSync with main (${short(b)}): 0 to add, 0 to change, 2 to destroy\n    - Deployment/d-1\n    - Deployment/d-2\n  d-0  1.0.0 100%\n`,
    );
    expect(await syncOf(repo, '--env', 'prod')).toEqual({
      prod: {
        status: 'out-of-sync',
        ref: 'main',
        revision: b,
        pending: { add: 0, change: 0, destroy: 2 },
        changes: [
          { action: 'delete', kind: 'Deployment', name: 'd-1' },
          { action: 'delete', kind: 'Deployment', name: 'd-2' },
        ],
        offRef: [],
      },
    });
    expect((await syncOf(repo, '--env', 'prod', '--rev', a)).prod).toMatchObject({
      status: 'synced',
      ref: a,
      revision: a,
    });
    expect((await cli(repo, 'status', '--env', 'prod', '--rev', a, '--exit-code')).code).toBe(0);
  });

  it('counts a traffic change as one pending change, and a never-applied environment as all to add', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    const c = repo.commit(canary);
    const r = await cli(repo, 'status');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `dev: never applied\n  sync: OutOfSync with main (${short(c)}): 7 to add, 0 to change, 0 to destroy\n\nprod: `,
    );
    expect(r.stdout).toContain(
      `  sync: OutOfSync with main (${short(c)}): 0 to add, 1 to change, 0 to destroy\n    ~ Deployment/d-0\n  d-0  1.0.0 100%\n`,
    );
    expect((await cli(repo, 'status', '--exit-code')).code).toBe(2);
    expect((await cli(repo, 'status', '--exit-code', '--env', 'prod')).code).toBe(2);
  });

  it('flags an applied revision that is not on the default branch', async () => {
    const repo = new TestRepo();
    const a = repo.commit(reconcileRepo());
    repo.git('checkout', '-q', '-b', 'experiment');
    const x = repo.commit(canary);
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    const r = await cli(repo, 'status', '--env', 'prod');
    expect(r.stdout).toContain(
      `  sync: OutOfSync with main (${short(a)}): 0 to add, 1 to change, 0 to destroy\n    ~ Deployment/d-0\n  applied revision ${short(x)} is not on main\n`,
    );
    expect((await syncOf(repo, '--env', 'prod')).prod?.offRef).toEqual([x]);
    // Merged: the same revision is now on main, and prod is synced with it.
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--ff-only', 'experiment');
    expect((await syncOf(repo, '--env', 'prod')).prod).toMatchObject({ status: 'synced', offRef: [] });
  });

  it('drift is out of sync for --exit-code', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const db = new Database(path.join(repo.dir, '.slipway/state.db'));
    const row = db.prepare("SELECT body FROM resources WHERE env = 'prod' AND name = 'd-1'").get() as { body: string };
    db.prepare("UPDATE resources SET body = ? WHERE env = 'prod' AND name = 'd-1'").run(
      row.body.replace('"percent":100', '"percent":50'),
    );
    db.close();
    const r = await cli(repo, 'status', '--env', 'prod', '--exit-code');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('    ~ Deployment/d-1  (drift: changed outside slipway)\n');
    expect(r.stdout).toContain('  drift: Deployment/d-1 changed outside slipway\n');
  });

  it('reads spec.defaultBranch, and origin/<branch> when there is no local branch', async () => {
    const origin = new TestRepo();
    const files = reconcileRepo();
    files['slipway.yaml'] = `${files['slipway.yaml'] as string}  defaultBranch: trunk\n`;
    const a = origin.commit(files);
    origin.git('branch', '-m', 'main', 'trunk');
    const clone = new TestRepo(tempDir('slipway-clone-'));
    clone.git('remote', 'add', 'origin', origin.dir);
    clone.git('fetch', '-q', 'origin');
    clone.git('checkout', '-q', '-b', 'feature', 'origin/trunk');
    expect((await cli(clone, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    expect((await syncOf(clone, '--env', 'dev')).dev).toMatchObject({
      status: 'synced',
      ref: 'origin/trunk',
      revision: a,
    });
    clone.git('branch', 'trunk', 'origin/trunk');
    expect((await syncOf(clone, '--env', 'dev')).dev).toMatchObject({ status: 'synced', ref: 'trunk' });
  });

  it('cannot tell without a branch, outside git, or with an invalid configuration: says why; --exit-code exits 1', async () => {
    const repo = new TestRepo();
    repo.git('checkout', '-q', '-b', 'work');
    repo.commit(reconcileRepo());
    await cli(repo, 'apply', '--env', 'dev', '--yes');
    const r = await cli(repo, 'status', '--env', 'dev', '--exit-code');
    expect(r.stdout).toContain(
      '  sync: unknown (no branch main or origin/main to compare with; set spec.defaultBranch or pass --rev)\n',
    );
    expect(r.stderr).toBe('error: cannot tell whether dev is in sync\n');
    expect(r.code).toBe(1);
    expect((await cli(repo, 'status', '--env', 'dev')).code).toBe(0);

    const plain = writeRepo(reconcileRepo());
    const outside = await runCli(['status', '--repo', plain, '--format', 'json'], { cwd: plain, env });
    const report = JSON.parse(outside.stdout) as { environments: Array<{ sync: SyncJson }> };
    expect(report.environments.map((e) => e.sync)).toEqual([
      { status: 'unknown', reason: { kind: 'not-a-repository' } },
      { status: 'unknown', reason: { kind: 'not-a-repository' } },
    ]);

    const broken = new TestRepo();
    const bad = broken.commit(
      withFiles(reconcileRepo(), { 'environments/dev/bad.yaml': 'apiVersion: slipway.dev/v1\nkind: Nope\n' }),
    );
    expect((await syncOf(broken, '--env', 'dev')).dev).toEqual({
      status: 'unknown',
      ref: 'main',
      revision: bad,
      reason: { kind: 'invalid-configuration', errors: 1 },
    });
  });

  it('with --exit-code, every error exits 1 (as plan --detailed-exitcode); without, 2', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    const unknownRev = await cli(repo, 'status', '--rev', 'no-such-branch', '--exit-code');
    expect(unknownRev.stderr).toMatch(/^error: revision no-such-branch: unknown revision\n/);
    expect(unknownRev.code).toBe(1);
    expect((await cli(repo, 'status', '--rev', 'no-such-branch')).code).toBe(2);
    expect((await cli(repo, 'status', '--env', 'qa', '--exit-code')).code).toBe(1);
  });
});

describe('status text: the data verification slot', () => {
  it('says the last outcome, how long ago, and the failing sources', () => {
    const report: StatusReport = {
      environments: [
        {
          env: 'prod',
          lastApply: { revision: 'a'.repeat(40), at: '2026-11-28T09:00:00.000Z', actor: 'ci', dirty: false },
          resources: 1,
          deployments: [],
          drift: [],
          lock: null,
          data: { at: '2026-11-28T08:55:00.000Z', outcome: 'failed', sources: 4, failing: ['customer-profiles'] },
        },
      ],
    };
    expect(formatStatusText(report, { now: new Date('2026-11-28T12:00:00Z') })).toContain(
      '  drift: none\n  data: failed: customer-profiles, verified 3h 5m ago (4 data sources)\n',
    );
    expect(formatStatusText(report)).toContain('verified at 2026-11-28T08:55:00.000Z');
  });
});
