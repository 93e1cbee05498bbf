import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { gitRepo, withFiles, type TestRepo } from '../support/config-repo.js';
import { digest } from '../support/values.js';

const env = { GITHUB_ACTOR: '' };
const cli = (repo: TestRepo, ...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env });
const stateFile = (repo: TestRepo) => path.join(repo.dir, '.slipway/state.db');
const short = (sha: string) => sha.slice(0, 7);

interface HistoryJson {
  entries: Array<{
    action: string;
    kind: string;
    name: string;
    revision: string;
    actor: string;
    after?: { traffic: unknown };
    changes: unknown[];
    drift: boolean;
  }>;
}

describe('apply', () => {
  describe('applies, is idempotent, and rolls back by applying an older revision, with audit', () => {
    // One repository through every phase, in order: each `it` starts where the one before ended.
    let repo: TestRepo;
    let a: string;
    let b: string;
    beforeAll(() => {
      repo = gitRepo(reconcileRepo(), { author: { name: 'Alice', email: 'a@x' } });
      a = repo.head();
    });

    it('applies every resource of a revision', async () => {
      const first = await cli(repo, 'apply', '--env', 'prod', '--yes');
      expect(first.stderr).toBe('');
      expect(first.stdout).toBe(`Plan for prod from revision ${short(a)}:

  + Environment/prod
  + DataSource/events
  + ErrorPolicy/default
  + AccessPolicy/app-access
  + Consumer/app
  + Deployment/d-0  traffic: 1.0.0 100%
  + Deployment/d-1  traffic: 1.0.0 100%

Plan: 7 to add, 0 to change, 0 to destroy.
Apply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${short(a)}, by Alice).
`);
      expect(first.code).toBe(0);
    });

    it('is idempotent: a second apply changes nothing', async () => {
      const again = await cli(repo, 'apply', '--env', 'prod', '--yes');
      expect(again).toEqual({ code: 0, stdout: `No changes. prod matches revision ${short(a)}.\n`, stderr: '' });
    });

    it('applies a canary from a new commit', async () => {
      b = repo.commit(
        reconcileRepo({
          traffic: [
            { version: '1.0.0', percent: 90 },
            { version: '2.0.0', percent: 10 },
          ],
        }),
        { author: { name: 'Bob', email: 'b@x' } },
      );
      const canary = await cli(repo, 'apply', '--env', 'prod', '--yes');
      expect(canary.stdout).toContain(`  ~ Deployment/d-0
      + artifacts["2.0.0"]: {"uri":"s3://models/m/2.0.0/model.onnx","digest":"${digest('2')}"}
      spec.traffic[0].percent: 100 → 90
      + spec.traffic[1]: {"version":"2.0.0","percent":10}
`);
      expect(canary.stdout).toContain('Apply complete: 0 added, 1 changed, 0 destroyed in prod');
    });

    it('rolls back by applying the older revision', async () => {
      const rollback = await cli(repo, 'apply', '--env', 'prod', '--rev', a, '--yes');
      expect(rollback.stdout).toContain('spec.traffic[0].percent: 90 → 100');
      expect(rollback.code).toBe(0);
      expect((await cli(repo, 'plan', '--env', 'prod', '--rev', a)).stdout).toBe(
        `No changes. prod matches revision ${short(a)}.\n`,
      );
    });

    it('records every change in the audit, by author', async () => {
      const history = JSON.parse(
        (await cli(repo, 'history', '--env', 'prod', '--resource', 'Deployment/d-0', '--format', 'json')).stdout,
      ) as HistoryJson;
      expect(history.entries.map((e) => [e.action, e.revision, e.actor])).toEqual([
        ['update', a, 'Alice'],
        ['update', b, 'Bob'],
        ['create', a, 'Alice'],
      ]);
      expect(history.entries[0]!.after!.traffic).toEqual([{ version: '1.0.0', percent: 100 }]);

      const text = await cli(repo, 'history', '--env', 'prod', '--resource', 'Deployment/d-0');
      expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^#\\d+  \\S+  Alice  ${short(a)}  ~ Deployment/d-0$`));
    });

    it('shows the last apply in status', async () => {
      const status = JSON.parse((await cli(repo, 'status', '--env', 'prod', '--format', 'json')).stdout) as {
        environments: Array<{
          env: string;
          lastApply: { revision: string; actor: string };
          deployments: Array<{ name: string; traffic: unknown }>;
          drift: unknown[];
        }>;
      };
      expect(status.environments).toHaveLength(1);
      expect(status.environments[0]).toMatchObject({
        env: 'prod',
        lastApply: { revision: a, actor: 'Alice' },
        drift: [],
      });
      expect(status.environments[0]!.deployments.map((d) => [d.name, d.traffic])).toEqual([
        ['d-0', [{ version: '1.0.0', percent: 100 }]],
        ['d-1', [{ version: '1.0.0', percent: 100 }]],
      ]);
    });
  });

  it('names $GITHUB_ACTOR in the audit when set, and deletes what git no longer declares', async () => {
    const repo = gitRepo(reconcileRepo({ deployments: 3 }));
    await runCli(['apply', '--env', 'dev', '--yes', '--repo', repo.dir], {
      cwd: repo.dir,
      env: { GITHUB_ACTOR: 'octocat' },
    });
    repo.commit(reconcileRepo({ deployments: 1 }));
    const r = await runCli(['apply', '--env', 'dev', '--yes', '--repo', repo.dir], {
      cwd: repo.dir,
      env: { GITHUB_ACTOR: 'octocat' },
    });
    expect(r.stdout).toContain('  - Deployment/d-1\n  - Deployment/d-2\n');
    expect(r.stdout).toContain('Apply complete: 0 added, 0 changed, 2 destroyed in dev');
    const h = JSON.parse((await cli(repo, 'history', '--env', 'dev', '--format', 'json')).stdout) as HistoryJson;
    expect(h.entries.slice(0, 2).map((e) => [e.action, e.name, e.actor])).toEqual([
      ['delete', 'd-2', 'octocat'],
      ['delete', 'd-1', 'octocat'],
    ]);
  });

  it('needs --yes without a terminal, asks on one, and writes nothing when refused', async () => {
    const repo = gitRepo(reconcileRepo());
    const noTty = await cli(repo, 'apply', '--env', 'prod');
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toBe(
      'error: apply needs --yes when standard input is not a terminal\nhint: review the plan above, then run `slipway apply --env prod --yes`\n',
    );
    expect(existsSync(stateFile(repo))).toBe(false);

    const questions: string[] = [];
    const declined = await runCli(['apply', '--env', 'prod', '--repo', repo.dir], {
      cwd: repo.dir,
      env,
      stdinIsTTY: true,
      confirm: async (q) => (questions.push(q), false),
    });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toBe('Apply cancelled; nothing was changed in prod.\n');
    expect(questions).toEqual(['Apply these changes to prod?']);
    expect(existsSync(stateFile(repo))).toBe(false);

    // Several environments: each is asked for in turn; declining one keeps what went before.
    const asked: string[] = [];
    const second = await runCli(['apply', '--env', 'dev,prod', '--repo', repo.dir], {
      cwd: repo.dir,
      env,
      stdinIsTTY: true,
      confirm: async (q) => (asked.push(q), q.endsWith('dev?')),
    });
    expect(second.code).toBe(1);
    expect(asked).toEqual(['Apply these changes to dev?', 'Apply these changes to prod?']);
    expect(second.stdout).toContain('Apply complete: 7 added, 0 changed, 0 destroyed in dev');
    expect(second.stderr).toBe('Apply cancelled; nothing was changed in prod.\n');

    const accepted = await runCli(['apply', '--env', 'prod', '--repo', repo.dir], {
      cwd: repo.dir,
      env,
      stdinIsTTY: true,
      confirm: async () => true,
    });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('Apply complete: 7 added');
  });

  it('refuses a dirty working tree for an environment with a promotion policy, not for one without', async () => {
    const repo = gitRepo(reconcileRepo({ promotion: true }));
    repo.write({
      'environments/prod/extra.yaml':
        'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: extra}\nspec: {timeout: 1s}\n',
    });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: environment prod has a promotion policy: apply a commit, not a working tree with uncommitted changes\nhint: commit the changes (through a reviewed pull request), or pass --rev with a commit\n',
    );
    expect(existsSync(stateFile(repo))).toBe(false);
    const plan = await cli(repo, 'plan', '--env', 'prod');
    expect(plan.stdout.split('\n')[0]).toBe(
      `Plan for prod from revision ${short(repo.head())} with uncommitted changes:`,
    );
    expect((await cli(repo, 'apply', '--env', 'prod', '--rev', 'HEAD', '--yes')).code).toBe(0);
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
  });

  it('saves plans with --out, applies them with --plan, and refuses stale ones', async () => {
    const repo = gitRepo(reconcileRepo());
    const planFile = path.join(repo.dir, 'prod.plan.json');
    const planned = await cli(repo, 'plan', '--env', 'prod', '--out', planFile, '--detailed-exitcode');
    expect(planned.code).toBe(2);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as {
      formatVersion: number;
      revision: string;
      stateFingerprint: string;
    };
    expect(saved).toMatchObject({ formatVersion: 1, revision: repo.head() });
    expect(saved.stateFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const stalePlan = path.join(repo.dir, 'stale.plan.json');
    writeFileSync(stalePlan, readFileSync(planFile));

    const applied = await cli(repo, 'apply', '--env', 'prod', '--plan', planFile, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 7 added');
    expect((await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(0);

    const auditBefore = (await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout;
    const stale = await cli(repo, 'apply', '--env', 'prod', '--plan', stalePlan, '--yes');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /^error: plan \S+stale\.plan\.json is stale: the state of prod has changed since it was made \(2026-11-28T12:00:00\.000Z, revision [0-9a-f]{7}\); nothing was applied\nhint: make a new plan with `slipway plan --env prod --out \S+` and review it\n$/,
    );
    expect((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout).toBe(auditBefore);

    const wrongEnv = await cli(repo, 'apply', '--env', 'dev', '--plan', planFile, '--yes');
    expect(wrongEnv.code).toBe(2);
    expect(wrongEnv.stderr).toMatch(/^error: plan \S+ is for environment prod, not dev\n/);
    writeFileSync(path.join(repo.dir, 'junk.json'), '{"formatVersion": 1}');
    const junk = await cli(repo, 'apply', '--env', 'prod', '--plan', path.join(repo.dir, 'junk.json'), '--yes');
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/^error: plan \S+junk\.json is not a Slipway plan \(env: /);
  });

  it('shows drift in plan and status, and apply corrects it', async () => {
    const repo = gitRepo(reconcileRepo());
    await cli(repo, 'apply', '--env', 'prod', '--yes');
    const db = new Database(stateFile(repo));
    const row = db.prepare("SELECT body FROM resources WHERE env = 'prod' AND name = 'd-1'").get() as { body: string };
    db.prepare("UPDATE resources SET body = ? WHERE env = 'prod' AND name = 'd-1'").run(
      row.body.replace('"percent":100', '"percent":50'),
    );
    db.close();

    const status = await cli(repo, 'status', '--env', 'prod');
    expect(status.stdout).toContain('  drift: Deployment/d-1 changed outside slipway\n');
    const plan = await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(
      '  ~ Deployment/d-1  (drift: changed outside slipway)\n      spec.traffic[0].percent: 50 → 100\n',
    );
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy. 1 drifted resource will be corrected.\n');
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    expect((await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(0);
    const h = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as HistoryJson;
    expect(h.entries[0]).toMatchObject({ action: 'update', name: 'd-1', drift: true });
  });
});

describe('several environments in one run', () => {
  it('plans and applies them in the order given, from one read of the tree', async () => {
    const repo = gitRepo(reconcileRepo());
    const a = repo.head();
    const plan = await cli(repo, 'plan', '--env', 'dev,prod', '--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout.match(/^Plan for \w+ from revision \w+:$/gm)).toEqual([
      `Plan for dev from revision ${short(a)}:`,
      `Plan for prod from revision ${short(a)}:`,
    ]);
    expect(plan.stdout.match(/^Plan: .*$/gm)).toEqual([
      'Plan: 7 to add, 0 to change, 0 to destroy.',
      'Plan: 7 to add, 0 to change, 0 to destroy.',
    ]);

    const json = JSON.parse(
      (await cli(repo, 'plan', '--env', 'prod', '--env', 'dev', '--format', 'json')).stdout,
    ) as Array<{ env: string; summary: { add: number } }>;
    expect(json.map((p) => [p.env, p.summary.add])).toEqual([
      ['prod', 7],
      ['dev', 7],
    ]);
    const single = JSON.parse((await cli(repo, 'plan', '--env', 'prod', '--format', 'json')).stdout) as { env: string };
    expect(single.env).toBe('prod');

    const apply = await cli(repo, 'apply', '--env', 'prod,dev', '--yes');
    expect(apply.code).toBe(0);
    expect(apply.stdout.match(/^Apply complete: .*$/gm)).toEqual([
      `Apply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${short(a)}, by Test User).`,
      `Apply complete: 7 added, 0 changed, 0 destroyed in dev (revision ${short(a)}, by Test User).`,
    ]);
    expect(await cli(repo, 'plan', '--env', 'dev, prod', '--detailed-exitcode')).toEqual({
      code: 0,
      stdout: `No changes. dev matches revision ${short(a)}.\nNo changes. prod matches revision ${short(a)}.\n`,
      stderr: '',
    });
    expect(await cli(repo, 'apply', '--env', 'dev,prod,dev', '--yes')).toEqual({
      code: 0,
      stdout: `No changes. dev matches revision ${short(a)}.\nNo changes. prod matches revision ${short(a)}.\n`,
      stderr: '',
    });
  });

  it('refuses before touching any environment: an unknown one, a dirty tree for a later one, one saved plan for several', async () => {
    const repo = gitRepo(reconcileRepo({ promotion: true }));
    expect(await cli(repo, 'apply', '--env', 'dev,qa', '--yes')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown environment "qa"\nhint: known environments: dev, prod\n',
    });
    expect(await cli(repo, 'plan', '--env', 'dev,prod', '--out', 'x.json')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --out saves the plan of one environment; --env names 2 (dev, prod)\nhint: run `slipway plan --env E --out PLAN` once per environment\n',
    });
    expect(await cli(repo, 'apply', '--env', 'dev,prod', '--plan', 'x.json')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "error: a saved plan is for one environment; --env names 2 (dev, prod)\nhint: run `slipway apply --env E --plan x.json` with the plan's environment\n",
    });
    repo.write({
      'environments/dev/extra.yaml':
        'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: extra}\nspec: {timeout: 1s}\n',
    });
    const dirty = await cli(repo, 'apply', '--env', 'dev,prod', '--yes');
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toBe(
      'error: environment prod has a promotion policy: apply a commit, not a working tree with uncommitted changes\nhint: commit the changes (through a reviewed pull request), or pass --rev with a commit\n',
    );
    expect(existsSync(stateFile(repo))).toBe(false);
  });
});

describe('what plan and apply read', () => {
  const broken = {
    'environments/dev/broken.yaml':
      'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: broken}\nspec: {timeout: soon}\n',
  };

  it('a broken file in another environment does not block this one; validate and that environment still refuse it', async () => {
    const repo = gitRepo(withFiles(reconcileRepo(), broken));
    const a = repo.head();
    expect((await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(2);
    expect((await cli(repo, 'plan', '--env', 'prod', '--rev', a, '--detailed-exitcode')).code).toBe(2);
    const prod = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(prod.code).toBe(0);
    expect(prod.stdout).toContain('Apply complete: 7 added, 0 changed, 0 destroyed in prod');

    const dev = await cli(repo, 'apply', '--env', 'dev', '--yes');
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain('environments/dev/broken.yaml:4:');
    expect(dev.stderr).toContain('error: refusing to apply: the configuration at working tree');
    const both = await cli(repo, 'plan', '--env', 'dev,prod', '--rev', a);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('environments/dev/broken.yaml:4:');
    expect((await cli(repo, 'validate')).code).toBe(1);
  });

  it('an uncommitted edit in another environment leaves this one clean: its promotion policy lets apply run', async () => {
    const repo = gitRepo(reconcileRepo({ promotion: true }));
    const a = repo.head();
    repo.write({
      'environments/dev/extra.yaml':
        'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: extra}\nspec: {timeout: 1s}\n',
    });
    const plan = await cli(repo, 'plan', '--env', 'prod');
    expect(plan.stdout.split('\n')[0]).toBe(`Plan for prod from revision ${short(a)}:`);
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    const dev = await cli(repo, 'plan', '--env', 'dev');
    expect(dev.stdout.split('\n')[0]).toBe(`Plan for dev from revision ${short(a)} with uncommitted changes:`);
    repo.write({ 'slipway.yaml': reconcileRepo({ promotion: true })['slipway.yaml'] + '# edited\n' });
    const edited = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain('error: environment prod has a promotion policy: apply a commit');
  });

  it('an unknown environment still lists every known one, and a promotion `from` another environment resolves', async () => {
    const repo = gitRepo(withFiles(reconcileRepo({ promotion: true }), broken));
    expect(await cli(repo, 'plan', '--env', 'qa')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown environment "qa"\nhint: known environments: dev, prod\n',
    });
    expect((await cli(repo, 'plan', '--env', 'prod', '--rev', 'HEAD', '--detailed-exitcode')).code).toBe(2);
  });
});

describe('locks', () => {
  const holdLock = async (repo: TestRepo, lease: { host: string; pid: number; expiresAt: string }) => {
    mkdirSync(path.dirname(stateFile(repo)), { recursive: true });
    const store = await openSqliteStore(stateFile(repo), { display: 'state.db' });
    await store.acquireLock(
      { env: 'prod', id: 'other-run', owner: 'mallory', acquiredAt: '2026-11-28T11:59:00.000Z', ...lease },
      () => undefined,
    );
    return store;
  };

  it('fails naming a live holder, waits for it with --lock-timeout, and unlock releases it by hand', async () => {
    const repo = gitRepo(reconcileRepo());
    const store = await holdLock(repo, { host: hostname(), pid: process.pid, expiresAt: '2026-11-28T12:30:00.000Z' });
    const busy = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(
      `error: environment prod is locked by mallory on ${hostname()} (pid ${process.pid}) since 2026-11-28T11:59:00.000Z, lease until 2026-11-28T12:30:00.000Z\nhint: wait for that run to finish, pass --lock-timeout`,
    );
    expect(await store.history('prod')).toEqual([]);

    setTimeout(() => void store.releaseLock('prod', 'other-run'), 300);
    const waited = await cli(repo, 'apply', '--env', 'prod', '--yes', '--lock-timeout', '30s');
    expect(waited.code).toBe(0);
    expect((await store.history('prod')).length).toBe(7);

    await store.acquireLock(
      {
        env: 'prod',
        id: 'x',
        owner: 'mallory',
        host: 'build-7',
        pid: 42,
        acquiredAt: '2026-11-28T11:59:00.000Z',
        expiresAt: '2026-11-28T12:30:00.000Z',
      },
      () => undefined,
    );
    const unlock = await cli(repo, 'unlock', '--env', 'prod');
    expect(unlock).toEqual({
      code: 0,
      stdout:
        'Released the lock of prod held by mallory on build-7 (pid 42) since 2026-11-28T11:59:00.000Z, lease until 2026-11-28T12:30:00.000Z.\n',
      stderr: '',
    });
    expect((await cli(repo, 'unlock', '--env', 'prod')).stdout).toBe('prod is not locked.\n');
    await store.close();
  });

  it('with several environments, a held lock stops the run there: earlier ones stay applied, later ones untouched', async () => {
    const repo = gitRepo(reconcileRepo());
    const a = repo.head();
    const store = await holdLock(repo, { host: hostname(), pid: process.pid, expiresAt: '2026-11-28T12:30:00.000Z' });
    const r = await cli(repo, 'apply', '--env', 'dev,prod', '--yes');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `Apply complete: 7 added, 0 changed, 0 destroyed in dev (revision ${short(a)}, by Test User).`,
    );
    expect(r.stderr).toContain('error: environment prod is locked by mallory');
    expect((await store.history('dev')).length).toBe(7);
    expect(await store.history('prod')).toEqual([]);
    await store.close();
  });

  it('takes over a lease whose process is gone or whose expiry has passed, with a warning', async () => {
    const repo = gitRepo(reconcileRepo());
    const store = await holdLock(repo, {
      host: hostname(),
      pid: 2 ** 22 + 12345,
      expiresAt: '2026-11-28T12:30:00.000Z',
    });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: took over the lock of prod held by mallory on ${hostname()} (pid ${2 ** 22 + 12345}) since 2026-11-28T11:59:00.000Z, lease until 2026-11-28T12:30:00.000Z: its process ${2 ** 22 + 12345} on ${hostname()} is no longer running\n`,
    );
    expect(await store.lock('prod')).toBeUndefined();

    repo.commit(reconcileRepo({ deployments: 1 }));
    await store.acquireLock(
      {
        env: 'prod',
        id: 'y',
        owner: 'mallory',
        host: 'build-7',
        pid: 42,
        acquiredAt: '2026-11-28T10:00:00.000Z',
        expiresAt: '2026-11-28T10:02:00.000Z',
      },
      () => undefined,
    );
    const expired = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(expired.code).toBe(0);
    expect(expired.stderr).toMatch(/: its lease expired at 2026-11-28T10:02:00\.000Z\n$/);
    await store.close();
  });

  it('two applies at once never both write', async () => {
    const repo = gitRepo(reconcileRepo({ deployments: 50 }));
    const [x, y] = await Promise.all([
      cli(repo, 'apply', '--env', 'prod', '--yes'),
      cli(repo, 'apply', '--env', 'prod', '--yes'),
    ]);
    const outcomes = [x, y].map((r) =>
      r.stdout.includes('Apply complete: 55 added')
        ? 'applied'
        : r.code === 1 && /is locked by/.test(r.stderr)
          ? 'locked'
          : /No changes/.test(r.stdout)
            ? 'no-op'
            : `other: ${r.code} ${r.stderr}`,
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'applied')[0]).toMatch(/^(locked|no-op)$/);
    const h = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as HistoryJson;
    expect(h.entries).toHaveLength(55);
  });
});

describe('bad input', () => {
  it('a corrupt state file: a clear message, exit 2, the file untouched', async () => {
    const repo = gitRepo(reconcileRepo());
    mkdirSync(path.join(repo.dir, '.slipway'));
    const junk = Buffer.from('garbage, not sqlite '.repeat(300));
    writeFileSync(stateFile(repo), junk);
    for (const argv of [
      ['plan', '--env', 'prod'],
      ['apply', '--env', 'prod', '--yes'],
      ['status'],
      ['history', '--env', 'prod'],
    ]) {
      const r = await cli(repo, ...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: state store \.slipway\/state\.db is not a readable Slipway SQLite database \(file is not a database\)\nhint: restore it from a backup/,
      );
    }
    expect(readFileSync(stateFile(repo)).equals(junk)).toBe(true);
  });

  it('an unknown environment lists the known ones', async () => {
    const repo = gitRepo(reconcileRepo());
    for (const cmd of ['plan', 'apply', 'history']) {
      const r = await cli(repo, cmd, '--env', 'qa');
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: 'error: unknown environment "qa"\nhint: known environments: dev, prod\n',
      });
    }
    expect(existsSync(stateFile(repo))).toBe(false);
  });

  it('an unknown revision', async () => {
    const repo = gitRepo(reconcileRepo());
    const r = await cli(repo, 'apply', '--env', 'prod', '--rev', 'no-such-branch', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: revision no-such-branch: unknown revision\n/);
    expect(existsSync(stateFile(repo))).toBe(false);
  });

  it('invalid config: the diagnostics, exit 1, nothing written', async () => {
    const repo = gitRepo(
      withFiles(reconcileRepo(), {
        'environments/prod/bad.yaml':
          'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: bad}\nspec: {timeout: 1s, colour: red}\n',
      }),
    );
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('environments/prod/bad.yaml:4:');
    expect(r.stderr).toContain('schema-unknown-field');
    expect(r.stderr).toMatch(
      /error: refusing to apply: the configuration at working tree \S+ is invalid \(run `slipway validate` for details\)\n$/,
    );
    expect(existsSync(stateFile(repo))).toBe(false);
    const plan = await cli(repo, 'plan', '--env', 'prod', '--detailed-exitcode');
    expect(plan.code).toBe(1);
  });

  it('bad flags: a duration, a resource filter, a state URL', async () => {
    const repo = gitRepo(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes', '--lock-timeout', 'soon')).stderr).toBe(
      'error: --lock-timeout "soon" is not a duration\nhint: use a number and a unit: 250ms, 30s, 5m, 6h or 2d\n',
    );
    expect((await cli(repo, 'history', '--env', 'prod', '--resource', 'Widget/x')).stderr).toMatch(
      /^error: --resource "Widget\/x" is not Kind\/name\n/,
    );
    const bad = await cli(repo, 'status', '--state', 'mysql://u:pw@localhost/db');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid state URL mysql:\/\/u:\*\*\*@localhost\/db \(from --state\): /);
  });
});
