import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/reconcile-repo.js';
import { TestRepo, tempDir, writeFiles } from '../support/tree.js';

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
