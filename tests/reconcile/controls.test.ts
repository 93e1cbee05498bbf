import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isRollback, type RollbackEvidence } from '../../src/apply/controls.js';
import type { EffectiveChange } from '../../src/model/change.js';
import type { ResourceBody } from '../../src/model/resource.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { tempDir } from '../support/tree.js';
import { TestRepo, writeFiles, type Files } from '../support/config-repo.js';

// Issue 12 ("Close every way around the controls") and issue 13 ("Harden the trust boundaries"):
// each control is tried the way someone would try to walk around it, on a real git repository.

const env = { GITHUB_ACTOR: '' };
const cli = (repo: TestRepo, ...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env });

describe('the embedded store is never committed', () => {
  it('the command that creates .slipway/ writes a .gitignore of *, so git add -A leaves the state out', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.slipway/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    repo.git('add', '-A');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('ls-files', '.slipway')).toBe('');

    // Control: a store outside .slipway/ gets no .gitignore written next to it.
    const elsewhere = tempDir();
    const r = await cli(repo, 'apply', '--env', 'dev', '--yes', '--state', `sqlite:${elsewhere}/state.db`);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(elsewhere, '.gitignore'))).toBe(false);
  });
});

describe('apply outside a git repository', () => {
  it('says the folder is not a git repository, not that it has uncommitted changes', async () => {
    const dir = tempDir();
    writeFiles(dir, reconcileRepo({ promotion: true }));
    const run = (...argv: string[]) => runCli([...argv, '--repo', dir], { cwd: dir, env });
    const prod = await run('apply', '--env', 'prod', '--yes');
    expect(prod).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: environment prod has a promotion policy: apply needs a git repository, and ${dir} is not one\nhint: run apply in a clone of the configuration repository, or pass --repo with one\n`,
    });
    expect(existsSync(path.join(dir, '.slipway'))).toBe(false);

    // Control: an environment without a promotion policy applies a plain folder, and says what it applied.
    const dev = await run('apply', '--env', 'dev', '--yes');
    expect(dev.code).toBe(0);
    expect(dev.stdout).toMatch(/^Plan for dev from revision working-tree \(no git commit\):$/m);
    expect(dev.stdout).toMatch(
      /^Apply complete: 7 added, 0 changed, 0 destroyed in dev \(revision working-tree \(no git commit\), by /m,
    );
  });

  it('a repository with no commit yet says so', async () => {
    const repo = new TestRepo();
    repo.write(reconcileRepo({ promotion: true }));
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: environment prod has a promotion policy: the repository ${repo.dir} has no commit yet\nhint: commit the configuration (through a reviewed pull request), then apply that commit\n`,
    });
  });
});

describe('which store status reads', () => {
  it('a store named with --state or $SLIPWAY_STATE that does not exist is an error, not an empty environment', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes', '--state', 'sqlite:ops/state.db')).code).toBe(0);
    const typo = await cli(repo, 'status', '--state', 'sqlite:ops/stat.db');
    expect(typo).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: state store ops/stat.db (from --state) does not exist\nhint: check the path for a typo; a store is created by the first \`slipway apply\`, and nothing has been applied to this one\n`,
    });
    const fromEnv = await runCli(['status', '--repo', repo.dir], {
      cwd: repo.dir,
      env: { SLIPWAY_STATE: 'sqlite:ops/stat.db' },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/^error: state store ops\/stat\.db \(from SLIPWAY_STATE\) does not exist\n/);
    for (const cmd of ['history', 'unlock']) {
      const r = await cli(repo, cmd, '--env', 'dev', '--state', 'sqlite:ops/stat.db');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/does not exist\n/);
    }
    expect(existsSync(path.join(repo.dir, 'ops/stat.db'))).toBe(false);

    // Control: the store that exists reads as usual.
    const right = await cli(repo, 'status', '--state', 'sqlite:ops/state.db');
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/^dev: last apply /);
  });

  it("the repository's own store that does not exist yet: nothing has been applied", async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect(await cli(repo, 'status')).toEqual({
      code: 0,
      stdout:
        'Nothing has been applied yet: there is no state store at .slipway/state.db (`slipway apply` creates it).\n',
      stderr: '',
    });
    expect(existsSync(path.join(repo.dir, '.slipway'))).toBe(false);
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    expect((await cli(repo, 'status')).stdout).toMatch(/^dev: last apply [\s\S]*\nprod: never applied\n/);
  });
});

describe('a file that is not a Slipway store', () => {
  it('read-only commands never write to another SQLite database, and apply refuses it too', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    const foreign = path.join(tempDir(), 'app.db');
    const db = new Database(foreign);
    db.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('alice')");
    db.close();
    const before = readFileSync(foreign);
    for (const argv of [
      ['status'],
      ['history', '--env', 'dev'],
      ['plan', '--env', 'dev'],
      ['apply', '--env', 'dev', '--yes'],
    ]) {
      const r = await cli(repo, ...argv, '--state', `sqlite:${foreign}`);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: state store ${foreign} is a SQLite database but not a Slipway state store (its tables: users)\nhint: point --state, SLIPWAY_STATE or slipway.yaml spec.state.url at a Slipway state file; slipway did not change this one\n`,
      );
    }
    expect(readFileSync(foreign).equals(before)).toBe(true);
    const after = new Database(foreign, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it('a 0-byte store file is reported, not silently re-created', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    mkdirSync(path.join(repo.dir, '.slipway'));
    writeFileSync(path.join(repo.dir, '.slipway/state.db'), '');
    for (const argv of [['status'], ['plan', '--env', 'dev'], ['apply', '--env', 'dev', '--yes']]) {
      const r = await cli(repo, ...argv);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'error: state store .slipway/state.db is an empty file (0 bytes), not a Slipway state database\nhint: restore it from a backup; if nothing was ever applied with it, delete it and apply again\n',
      });
    }
    expect(statSync(path.join(repo.dir, '.slipway/state.db')).size).toBe(0);
    // Control: once removed, apply creates the store afresh.
    rmSync(path.join(repo.dir, '.slipway/state.db'));
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
  });
});

describe('a saved plan applies only what the repository says', () => {
  interface PlanFile {
    revision: string;
    changes: Array<Record<string, unknown> & { name: string; after?: { spec: Record<string, unknown> } }>;
    summary: { add: number };
  }
  const revoked = (): Files => {
    const files = reconcileRepo();
    // Version 2.0.0 is revoked: no deployment may serve it.
    files['models/m/model.yaml'] = String(files['models/m/model.yaml']).replace(
      /(version: 2\.0\.0\n\s+status: )approved/,
      '$1revoked',
    );
    return files;
  };

  it('re-plans from the repository at the plan revision, and refuses a file that says anything else', async () => {
    const repo = new TestRepo();
    const old = repo.commit(revoked());
    const head = repo.commit({
      ...revoked(),
      'environments/prod/extra.yaml':
        'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: extra}\nspec: {timeout: 2s}\n',
    });
    const planFile = path.join(repo.dir, 'prod.plan.json');
    expect((await cli(repo, 'plan', '--env', 'prod', '--out', planFile)).code).toBe(0);
    const good = readFileSync(planFile, 'utf8');
    const forge = (name: string, edit: (p: PlanFile) => void): string => {
      const plan = JSON.parse(good) as PlanFile;
      edit(plan);
      const file = path.join(repo.dir, name);
      writeFileSync(file, JSON.stringify(plan, null, 2));
      return file;
    };
    const mismatch = (file: string, differ: string) =>
      `error: plan ${file} does not match what revision ${head.slice(0, 7)} gives for prod (${differ} differ); nothing was applied\nhint: a saved plan is re-made from the repository before it is applied; make a new plan with \`slipway plan --env prod --out ${file}\` and review it\n`;

    // A revoked version slipped into a body.
    const revokedVersion = forge('revoked.json', (p) => {
      const d0 = p.changes.find((c) => c.name === 'd-0')!;
      d0.after!.spec.traffic = [{ version: '2.0.0', percent: 100 }];
    });
    expect(await cli(repo, 'apply', '--env', 'prod', '--plan', revokedVersion, '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: mismatch(revokedVersion, 'Deployment/d-0'),
    });
    // A resource the repository does not declare, named to escape, at 500%.
    const escape = forge('escape.json', (p) => {
      p.changes.push({
        action: 'create',
        kind: 'Deployment',
        name: '../../etc/x',
        after: { spec: { model: 'm', traffic: [{ version: '1.0.0', percent: 500 }] } },
        hash: `sha256:${'0'.repeat(64)}`,
        diff: [],
      });
      p.summary.add++;
    });
    expect(await cli(repo, 'apply', '--env', 'prod', '--plan', escape, '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: mismatch(escape, 'Deployment/../../etc/x'),
    });
    // Another revision named: its own plan is made and compared.
    const older = forge('older.json', (p) => (p.revision = old));
    const olderRun = await cli(repo, 'apply', '--env', 'prod', '--plan', older, '--yes');
    expect(olderRun.code).toBe(1);
    expect(olderRun.stderr).toContain(
      `error: plan ${older} does not match what revision ${old.slice(0, 7)} gives for prod (ErrorPolicy/extra differ); nothing was applied\n`,
    );
    // A revision that is not a commit of this repository.
    const forgedSha = forge('forged.json', (p) => (p.revision = 'f'.repeat(40)));
    expect(await cli(repo, 'apply', '--env', 'prod', '--plan', forgedSha, '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: plan ${forgedSha} names revision ${'f'.repeat(40)}, which is not a commit of this repository; nothing was applied\nhint: make a new plan with \`slipway plan --env prod --out ${forgedSha}\` and review it\n`,
    });
    const branchName = forge('branch.json', (p) => (p.revision = 'main'));
    const byName = await cli(repo, 'apply', '--env', 'prod', '--plan', branchName, '--yes');
    expect(byName.code).toBe(1);
    expect(byName.stderr).toMatch(/names revision "main", not a commit SHA; nothing was applied\n/);
    expect(existsSync(path.join(repo.dir, '.slipway/state.db'))).toBe(false);

    // Control: the plan as saved applies, and what is printed is what the repository gives.
    const applied = await cli(repo, 'apply', '--env', 'prod', '--plan', planFile, '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('  + ErrorPolicy/extra\n');
    expect(applied.stdout).toContain('Apply complete: 8 added, 0 changed, 0 destroyed in prod');
  });

  it('plan --out writes atomically: a failed write leaves the old file as it was', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    const r = await cli(repo, 'plan', '--env', 'prod', '--out', 'no-such-folder/p.json');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot write ${path.join(repo.dir, 'no-such-folder/p.json')}: its folder does not exist\nhint: pass --out a file path in an existing, writable folder\n`,
    });
    mkdirSync(path.join(repo.dir, 'plans'));
    expect((await cli(repo, 'plan', '--env', 'prod', '--out', 'plans/p.json')).code).toBe(0);
    expect(readdirSync(path.join(repo.dir, 'plans'))).toEqual(['p.json']);
  });
});

describe('only what is merged reaches an environment with a promotion policy', () => {
  const promoted = (extra: Files = {}, promotion = '{from: dev}'): Files => {
    const files = reconcileRepo({ promotion: true, extra });
    files['environments/prod/environment.yaml'] = String(files['environments/prod/environment.yaml']).replace(
      '  promotion: {from: dev}',
      `  promotion: ${promotion}`,
    );
    return files;
  };
  const canary = reconcileRepo({
    traffic: [
      { version: '1.0.0', percent: 90 },
      { version: '2.0.0', percent: 10 },
    ],
  })['environments/prod/deployments-0.yaml']!;

  it('refuses a commit of an unmerged branch, however it is named or whatever it edits', async () => {
    const repo = new TestRepo();
    const merged = repo.commit(promoted());
    repo.git('checkout', '-q', '-b', 'feature');
    const feature = repo.commit({ 'environments/prod/deployments-0.yaml': canary });
    const refusal = (sha: string) =>
      `error: revision ${sha.slice(0, 7)} is not on the default branch main (main is at ${merged.slice(0, 7)}): environment prod only runs merged commits\nhint: merge it through a reviewed pull request, then apply; in an emergency, \`--allow-unmerged\` applies it anyway and records that in the audit log\n`;
    // The branch checked out, and the same commit by --rev from main.
    expect(await cli(repo, 'apply', '--env', 'prod', '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: refusal(feature),
    });
    repo.git('checkout', '-q', 'main');
    expect(await cli(repo, 'apply', '--env', 'prod', '--rev', feature, '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: refusal(feature),
    });
    // The branch deletes the promotion policy: the default branch's still holds.
    repo.git('checkout', '-q', 'feature');
    const noPolicy = repo.commit({
      'environments/prod/environment.yaml': reconcileRepo()['environments/prod/environment.yaml']!,
    });
    expect(await cli(repo, 'apply', '--env', 'prod', '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: refusal(noPolicy),
    });
    // The branch names itself the default branch.
    const itself = repo.commit({
      'slipway.yaml': String(reconcileRepo()['slipway.yaml']).replace('spec:\n', 'spec:\n  defaultBranch: feature\n'),
    });
    expect(await cli(repo, 'apply', '--env', 'prod', '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot tell whether revision ${itself.slice(0, 7)} is merged: slipway.yaml names the default branch feature, but slipway.yaml on main names main; environment prod only runs merged commits\nhint: a change of spec.defaultBranch takes effect once it is merged into the branch it replaces; in an emergency, \`--allow-unmerged\` applies it anyway and records that in the audit log\n`,
    });
    expect(existsSync(path.join(repo.dir, '.slipway/state.db'))).toBe(false);

    // Control: an environment without a promotion policy applies the branch; prod applies what is merged.
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    repo.git('checkout', '-q', 'main');
    const applied = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      `Apply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${merged.slice(0, 7)}, by `,
    );
    repo.git('merge', '-q', '--ff-only', 'feature~2');
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    // An older merged commit (a rollback) is merged too.
    expect((await cli(repo, 'apply', '--env', 'prod', '--rev', merged, '--yes')).code).toBe(0);
  });

  it('with a remote, the commit must be on origin/<branch>: a commit only on the local branch was reviewed by no one', async () => {
    const upstream = new TestRepo();
    upstream.commit(promoted());
    const clone = tempDir();
    execFileSync('git', ['clone', '-q', upstream.dir, clone]);
    const repo = new TestRepo(clone);
    const local = repo.commit({ 'environments/prod/deployments-0.yaml': canary });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: revision ${local.slice(0, 7)} is not on the default branch main \\(origin/main is at [0-9a-f]{7}\\)`,
      ),
    );
    // Control: once it is on origin/main (pushed and fetched), it applies.
    repo.git('update-ref', 'refs/remotes/origin/main', local);
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
  });

  it('--allow-unmerged is break-glass: it applies, warns, and every audit row records it; breakGlass: false forbids it', async () => {
    const repo = new TestRepo();
    repo.commit(promoted());
    repo.git('checkout', '-q', '-b', 'hotfix');
    const hotfix = repo.commit({ 'environments/prod/deployments-0.yaml': canary });
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes', '--allow-unmerged');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `^warning: --allow-unmerged: applying ${hotfix.slice(0, 7)} to prod although revision ${hotfix.slice(0, 7)} is not on the default branch main \\(main is at [0-9a-f]{7}\\): environment prod only runs merged commits; every audit row of this apply records it\\n$`,
      ),
    );
    expect(r.stdout).toMatch(/; break-glass: allow-unmerged\)\.\n$/);
    const history = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as {
      entries: Array<{ breakGlass?: string[] }>;
    };
    expect(history.entries.map((e) => e.breakGlass)).toEqual(Array(7).fill(['allow-unmerged']));
    expect((await cli(repo, 'history', '--env', 'prod')).stdout.split('\n')[0]).toMatch(
      / {2}\[break-glass: allow-unmerged\]$/,
    );

    // The default branch forbids it; the branch that says otherwise changes nothing.
    repo.git('checkout', '-q', 'main');
    repo.commit(promoted({}, '{from: dev, breakGlass: false}'));
    repo.git('checkout', '-q', '-b', 'hotfix-2');
    const second = repo.commit({
      ...promoted({}, '{from: dev, breakGlass: true}'),
      'environments/prod/deployments-0.yaml': canary,
    });
    expect(await cli(repo, 'apply', '--env', 'prod', '--yes', '--allow-unmerged')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: environment prod forbids --allow-unmerged (spec.promotion.breakGlass: false on main)\nhint: merge ${second.slice(0, 7)} through a reviewed pull request, then apply it\n`,
    });
  });
});

describe('freeze windows', () => {
  const frozen = (traffic: Array<{ version: string; percent: number }>, freeze = true): Files => {
    const files = reconcileRepo({ promotion: true, traffic });
    if (freeze)
      files['environments/prod/environment.yaml'] = String(files['environments/prod/environment.yaml']).replace(
        '  promotion: {from: dev}',
        '  promotion:\n    from: dev\n    freeze: [{from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: holidays}]',
      );
    return files;
  };
  const at = (repo: TestRepo, now: string, ...argv: string[]) =>
    runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env, now: new Date(now) });
  const before = '2026-12-01T12:00:00Z';
  const during = '2026-12-24T12:00:00Z';
  const full = [{ version: '1.0.0', percent: 100 }];
  const canary = [
    { version: '1.0.0', percent: 90 },
    { version: '2.0.0', percent: 10 },
  ];
  const ramp = [
    { version: '1.0.0', percent: 50 },
    { version: '2.0.0', percent: 50 },
  ];

  it('refuses to change a frozen environment, except to roll traffic back to older versions', async () => {
    const repo = new TestRepo();
    const stable = repo.commit(frozen(full));
    expect((await at(repo, before, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    const canaried = repo.commit(frozen(canary));
    const refused = await at(repo, during, 'apply', '--env', 'prod', '--yes');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: environment prod is frozen from 2026-12-20T00:00:00Z to 2027-01-03T00:00:00Z (holidays): only rollbacks (changes that only move traffic back to older versions that had all of it before and are not revoked) may be applied, and Deployment/d-0 is not one; nothing was applied\nhint: apply it after 2027-01-03T00:00:00Z, or roll back instead (`slipway rollback`)\n',
    });
    // Walk-around: an unmerged commit that deletes the window, applied as break-glass: main's window holds.
    repo.git('checkout', '-q', '-b', 'thaw');
    repo.commit(frozen(canary, false));
    const thaw = await at(repo, during, 'apply', '--env', 'prod', '--yes', '--allow-unmerged');
    expect(thaw.code).toBe(1);
    expect(thaw.stderr).toMatch(
      /\nerror: environment prod is frozen from 2026-12-20T00:00:00Z to 2027-01-03T00:00:00Z \(holidays\)/,
    );
    repo.git('checkout', '-q', 'main');

    // Control: before the window it applies; during it, a rollback passes and a ramp does not.
    expect((await at(repo, before, 'apply', '--env', 'prod', '--yes')).code).toBe(0);
    repo.commit(frozen(ramp));
    const ramped = await at(repo, during, 'apply', '--env', 'prod', '--yes');
    expect(ramped.code).toBe(1);
    expect(ramped.stderr).toContain('Deployment/d-0 is not one');
    const rollback = await at(repo, during, 'apply', '--env', 'prod', '--rev', stable, '--yes');
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain('Apply complete: 0 added, 1 changed, 0 destroyed in prod');
    // After the window, anything goes again.
    expect((await at(repo, '2027-01-03T00:00:00Z', 'apply', '--env', 'prod', '--rev', canaried, '--yes')).code).toBe(0);
  });

  it('lets through only moves back to a version that had all of the traffic before, by the audit log', async () => {
    const repo = new TestRepo();
    const apply = async (when: string, traffic: Array<{ version: string; percent: number }>) => {
      repo.commit(frozen(traffic));
      return at(repo, when, 'apply', '--env', 'prod', '--yes');
    };
    // 1.0.0 only ever had a canary share here; 2.0.0 then took all of the traffic.
    const canary = [
      { version: '2.0.0', percent: 90 },
      { version: '1.0.0', percent: 10 },
    ];
    expect((await apply(before, canary)).code).toBe(0);
    expect((await apply(before, [{ version: '2.0.0', percent: 100 }])).code).toBe(0);

    // Walk-around: an older version that never served all of the traffic, called a rollback.
    expect(await apply(during, full)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: environment prod is frozen from 2026-12-20T00:00:00Z to 2027-01-03T00:00:00Z (holidays): only rollbacks (changes that only move traffic back to older versions that had all of it before and are not revoked) may be applied, and Deployment/d-0 is not one; nothing was applied\nhint: apply it after 2027-01-03T00:00:00Z, or roll back instead (`slipway rollback`)\n',
    });
    // Control: once 1.0.0 has had all of the traffic, moving back to it passes the window.
    expect((await apply(before, full)).code).toBe(0);
    expect((await apply(before, [{ version: '2.0.0', percent: 100 }])).code).toBe(0);
    const back = await apply(during, full);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Apply complete: 0 added, 1 changed, 0 destroyed in prod');
  });
});

describe('what a freeze lets through', () => {
  const art = (v: string, d = 'a') => ({ uri: `s3://m/${v}`, digest: `sha256:${d.repeat(64)}` });
  const body = (traffic: Array<[string, number]>, artifacts: Record<string, { uri: string; digest: string }>) => ({
    spec: { model: 'm', traffic: traffic.map(([version, percent]) => ({ version, percent })) },
    artifacts,
  });
  const update = (before: ResourceBody, after: ResourceBody): EffectiveChange => ({
    kind: 'Deployment',
    name: 'd',
    action: 'update',
    before,
    after,
    hash: 'h',
    diff: [],
  });
  // What the audit log and the revision say: 1.0.0 and 2.0.0 had all of the traffic before; 0.5.0 is revoked.
  const evidence = (everFull: string[] = ['1.0.0', '2.0.0', '0.5.0'], revoked: string[] = []): RollbackEvidence => ({
    everFull: (deployment) => new Set(deployment === 'd' ? everFull : []),
    revoked: (model, version) => model === 'm' && revoked.includes(version),
  });
  it('only moves of traffic back to older versions', () => {
    const two = { '2.0.0': art('2.0.0') };
    const one = { '1.0.0': art('1.0.0') };
    expect(isRollback(update(body([['2.0.0', 100]], two), body([['1.0.0', 100]], one)), evidence())).toBe(true);
    expect(
      isRollback(
        update(
          body(
            [
              ['1.0.0', 90],
              ['2.0.0', 10],
            ],
            { ...one, ...two },
          ),
          body([['1.0.0', 100]], one),
        ),
        evidence(),
      ),
    ).toBe(true);
    // Not rollbacks: forward, a re-published digest, another field, a deletion.
    expect(isRollback(update(body([['1.0.0', 100]], one), body([['2.0.0', 100]], two)), evidence())).toBe(false);
    expect(
      isRollback(
        update(
          body([['2.0.0', 100]], two),
          body([['1.0.0', 100]], { '1.0.0': art('1.0.0'), ...{ '2.0.0': art('2.0.0', 'b') } }),
        ),
        evidence(),
      ),
    ).toBe(false);
    const moved = body([['1.0.0', 100]], one);
    expect(
      isRollback(update(body([['2.0.0', 100]], two), { ...moved, spec: { ...moved.spec, mode: 'batch' } }), evidence()),
    ).toBe(false);
    expect(isRollback({ kind: 'Deployment', name: 'd', action: 'delete', before: moved, diff: [] }, evidence())).toBe(
      false,
    );
  });

  it('only to a version that had all of the traffic before, and is not revoked', () => {
    const back = update(
      body([['2.0.0', 100]], { '2.0.0': art('2.0.0') }),
      body([['1.0.0', 100]], { '1.0.0': art('1.0.0') }),
    );
    expect(isRollback(back, evidence(['2.0.0']))).toBe(false);
    expect(isRollback(back, evidence(['1.0.0', '2.0.0'], ['1.0.0']))).toBe(false);
    // Another deployment's past says nothing about this one.
    expect(isRollback({ ...back, name: 'other' }, evidence())).toBe(false);
    expect(isRollback(back, evidence(['1.0.0']))).toBe(true);
  });
});

describe('who may apply', () => {
  const appliers = (rules: string): Files =>
    reconcileRepo({
      extra: {
        'environments/prod/appliers.yaml': `apiVersion: slipway.dev/v1
kind: AccessPolicy
metadata: {name: appliers}
spec:
  rules:
${rules}`,
      },
    });
  const teamMl = '    - {effect: allow, subjects: ["team:ml"], actions: [apply], resources: ["deployment:*"]}\n';
  const as = (repo: TestRepo, extraEnv: Record<string, string>, ...argv: string[]) =>
    runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { ...env, ...extraEnv } });

  it('enforces the apply action of AccessPolicy on the operator, not on the commit author', async () => {
    const repo = new TestRepo();
    repo.commit(
      appliers(
        teamMl + '    - {effect: deny, subjects: ["user:alice"], actions: [apply], resources: ["deployment:d-1"]}\n',
      ),
      { author: { name: 'alice', email: 'alice@x' } },
    );
    const hint =
      'hint: an AccessPolicy in environments/prod/ must allow `apply` on deployment:d-0 for user:Test User or one of its teams (merged to the default branch); the operator is --as, else $SLIPWAY_ACTOR, $GITHUB_ACTOR, git config user.name\n';
    // git's user.name is "Test User": the commit's author (alice) does not count.
    expect(await cli(repo, 'apply', '--env', 'prod', '--yes')).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: user:Test User (from git config user.name) may not apply deployment:d-0 in prod: no AccessPolicy rule of prod allows it in the revision applied; nothing was applied\n${hint}`,
    });
    const mallory = await as(repo, { GITHUB_ACTOR: 'mallory' }, 'apply', '--env', 'prod', '--yes');
    expect(mallory.code).toBe(1);
    expect(mallory.stderr).toMatch(/^error: user:mallory \(from GITHUB_ACTOR\) may not apply deployment:d-0 in prod: /);
    // An explicit deny wins over the team's allow.
    expect((await cli(repo, 'apply', '--env', 'prod', '--yes', '--as', 'alice')).stderr).toMatch(
      /^error: user:alice \(from --as\) may not apply deployment:d-1 in prod: AccessPolicy appliers \(environments\/prod\/appliers\.yaml, rule 2\) denies it in the revision applied; nothing was applied\n/,
    );
    expect(existsSync(path.join(repo.dir, '.slipway/state.db'))).toBe(false);

    // Control: no policy of dev mentions apply, so dev is open; in prod, a member of team ml may.
    expect((await as(repo, { GITHUB_ACTOR: 'mallory' }, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    repo.commit(appliers(teamMl));
    const ok = await as(repo, { SLIPWAY_ACTOR: 'alice', GITHUB_ACTOR: 'mallory' }, 'apply', '--env', 'prod', '--yes');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/, by alice\)\.\n$/);
    const history = JSON.parse((await cli(repo, 'history', '--env', 'prod', '--format', 'json')).stdout) as {
      entries: Array<{ actor: string; author?: string }>;
    };
    expect(history.entries[0]).toMatchObject({ actor: 'alice', author: 'Test User' });
  });

  it('an unmerged commit cannot grant its own operator access', async () => {
    const repo = new TestRepo();
    repo.commit(appliers(teamMl));
    repo.git('checkout', '-q', '-b', 'grant');
    const files = appliers(teamMl);
    files['slipway.yaml'] = String(files['slipway.yaml']).replace('members: [alice]', 'members: [alice, mallory]');
    repo.commit(files);
    const r = await as(repo, { GITHUB_ACTOR: 'mallory' }, 'apply', '--env', 'prod', '--yes', '--allow-unmerged');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: user:mallory (from GITHUB_ACTOR) may not apply deployment:d-0 in prod: no AccessPolicy rule of prod allows it on the default branch; nothing was applied\n',
    );
  });
});

describe('the revision under review never chooses where Slipway connects', () => {
  const withState = (url: string | undefined, defaultBranch?: string): Files => {
    const files = reconcileRepo();
    files['slipway.yaml'] = String(files['slipway.yaml']).replace(
      'spec:\n',
      `spec:\n${url === undefined ? '' : `  state: {url: "${url}"}\n`}${defaultBranch ? `  defaultBranch: ${defaultBranch}\n` : ''}`,
    );
    return files;
  };
  /** A server that only counts who connects to it: the address a pull request would send PGPASSWORD to. */
  const listen = async (): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> => {
    let count = 0;
    const server = createServer((socket) => {
      count++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return { port, connections: () => count, close: () => new Promise((resolve) => server.close(() => resolve())) };
  };

  it('a branch that points spec.state.url elsewhere is refused by every command that would connect', async () => {
    const server = await listen();
    const repo = new TestRepo();
    repo.commit(withState(undefined));
    repo.git('checkout', '-q', '-b', 'exfiltrate');
    const evil = `postgres://ci@127.0.0.1:${server.port}/slipway`; // PGPASSWORD comes from CI
    const branch = repo.commit(withState(evil));
    const refusal = (where: string) =>
      `error: slipway.yaml spec.state.url differs between ${where} (postgres://ci@127.0.0.1:${server.port}/slipway) and the default branch main (unset): Slipway connects only to the store the default branch names\nhint: choose the store yourself with --state URL (or SLIPWAY_STATE), or merge the change to the default branch first\n`;
    for (const argv of [
      ['plan', '--env', 'dev'],
      ['apply', '--env', 'dev', '--yes'],
    ])
      expect(await cli(repo, ...argv)).toEqual({
        code: 1,
        stdout: '',
        stderr: refusal(`revision ${branch.slice(0, 7)}`),
      });
    for (const argv of [['status'], ['history', '--env', 'dev'], ['unlock', '--env', 'dev']])
      expect(await cli(repo, ...argv)).toEqual({ code: 1, stdout: '', stderr: refusal('the working tree') });
    repo.git('checkout', '-q', 'main');
    expect(await cli(repo, 'plan', '--env', 'dev', '--rev', 'exfiltrate')).toEqual({
      code: 1,
      stdout: '',
      stderr: refusal(`revision ${branch.slice(0, 7)}`),
    });
    expect(server.connections()).toBe(0);
    await server.close();

    // Control: a store chosen by the operator is used, whatever the branch says.
    repo.git('checkout', '-q', 'exfiltrate');
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes', '--state', 'sqlite:.slipway/mine.db')).code).toBe(0);
    const fromEnv = await runCli(['status', '--repo', repo.dir], {
      cwd: repo.dir,
      env: { SLIPWAY_STATE: 'sqlite:.slipway/mine.db' },
    });
    expect(fromEnv.stdout).toMatch(/^dev: last apply /);
  });

  it('without a default branch to check it against, a server URL from the repository is refused', async () => {
    const repo = new TestRepo();
    repo.git('checkout', '-q', '-b', 'trunk');
    repo.commit(withState('postgres://ci@127.0.0.1:1/slipway'));
    expect(await cli(repo, 'status')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: slipway.yaml spec.state.url names postgres://ci@127.0.0.1:1/slipway, which cannot be checked against the default branch (main exists neither as origin/main nor as a local branch): Slipway connects to a server only when the default branch names it\nhint: choose the store yourself with --state URL (or SLIPWAY_STATE), or merge the change to the default branch first\n',
    });
    // Control: once slipway.yaml names trunk as the default branch, trunk's own URL is trusted.
    repo.commit(withState('sqlite:ops/state.db', 'trunk'));
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    expect(existsSync(path.join(repo.dir, 'ops/state.db'))).toBe(true);
  });

  it('a sqlite path from the repository stays inside it, symbolic links included', async () => {
    const repo = new TestRepo();
    repo.commit(withState('sqlite:../outside.db'));
    const outside = await cli(repo, 'apply', '--env', 'dev', '--yes');
    expect(outside).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: slipway.yaml spec.state.url sqlite:../outside.db points outside the repository (${path.resolve(repo.dir, '../outside.db')})\nhint: use a path inside the repository, or pass --state with the store you mean\n`,
    });
    const target = tempDir();
    repo.commit(withState(undefined));
    symlinkSync(target, path.join(repo.dir, '.slipway'));
    repo.commit();
    const linked = await cli(repo, 'apply', '--env', 'dev', '--yes');
    expect(linked.code).toBe(1);
    expect(linked.stderr).toBe(
      `error: slipway.yaml spec.state.url sqlite:.slipway/state.db points outside the repository (${path.join(repo.dir, '.slipway/state.db')})\nhint: use a path inside the repository, or pass --state with the store you mean\n`,
    );
    expect(readdirSync(target)).toEqual([]);
  });
});
