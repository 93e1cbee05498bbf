import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_CLI, ensureBuilt, type Child } from '../support/dist-cli.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { PG_BASE, pgAvailable } from '../support/postgres.js';
import { TestRepo } from '../support/config-repo.js';

// Faults of the store during an apply, in a real child process: a paused run whose lease was
// taken over (a zombie), a PostgreSQL connection cut mid-apply.

beforeAll(ensureBuilt, 120_000);

/** Runs `slipway` in a child process; `onProgress` runs once, at its first progress line. */
function slipway(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onProgress?: (child: ChildProcess) => Promise<void> | void,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      cwd,
      env: { ...process.env, GITHUB_ACTOR: 'fault-test', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    let fired = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (onProgress && !fired && /^applied \d+\/\d+ changes$/m.test(stderr)) {
        fired = true;
        void Promise.resolve(onProgress(child)).catch(reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('a write under a lease that is no longer ours', () => {
  it('a paused run whose lease was taken over writes nothing more, says so, and leaves the new holder alone', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo({ deployments: 2995 }));
    const file = path.join(repo.dir, '.slipway/state.db');
    let atTakeOver = -1;
    const r = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, {}, (child) => {
      // The run stops (a long GC pause, a suspended VM) while its lease is taken over.
      child.kill('SIGSTOP');
      const db = new Database(file);
      db.transaction(() => {
        db.prepare(
          "UPDATE locks SET id = 'other-run', owner = 'mallory', expires_at = '2999-01-01T00:00:00.000Z' WHERE env = 'prod'",
        ).run();
        atTakeOver = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'").get() as { n: number }).n;
      }).immediate();
      db.close();
      child.kill('SIGCONT');
    });
    expect(atTakeOver, r.stderr).toBeGreaterThan(0);
    expect(atTakeOver, 'the run finished before it could be paused').toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\nerror: lost the lock of prod: another run took it over after the lease expired\nhint: run plan again to see what was applied\n$/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const db = new Database(file, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    // Not one row after the lease changed hands; every resource row has its audit row.
    expect(count("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'")).toBe(atTakeOver);
    expect(count("SELECT COUNT(*) AS n FROM resources WHERE env = 'prod'")).toBe(atTakeOver);
    expect(db.prepare("SELECT id, owner FROM locks WHERE env = 'prod'").get()).toEqual({
      id: 'other-run',
      owner: 'mallory',
    });
    db.close();

    // Control: once the other run is done with the lock, apply finishes the job.
    new Database(file).prepare("DELETE FROM locks WHERE env = 'prod'").run();
    const finish = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, {});
    expect(finish.code, finish.stderr).toBe(0);
    expect(finish.stdout).toContain(`Apply complete: ${3000 - atTakeOver} added, 0 changed, 0 destroyed in prod`);
  }, 120_000);
});

/** A fresh schema, and a name for the store's connections so that only they are cut. */
function pgStore(): { url: string; schema: string; app: string; drop: () => Promise<void> } {
  const id = randomUUID().replace(/-/g, '').slice(0, 16);
  const schema = `slipway_fault_${id}`;
  const app = `slipway-fault-${id}`;
  return {
    url: `${PG_BASE}?schema=${schema}&application_name=${app}`,
    schema,
    app,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_BASE });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  try {
    return (await c.query(query, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!pgAvailable)('PostgreSQL faults', () => {
  it('a connection terminated mid-apply ends with one clear message, the store consistent, and the next apply finishes', async () => {
    const store = pgStore();
    const repo = new TestRepo();
    repo.commit(reconcileRepo({ deployments: 2995 }));
    const env = { SLIPWAY_STATE: store.url };
    let terminated = 0;
    const r = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, env, async (child) => {
      child.kill('SIGSTOP');
      terminated = (
        await sql<{ t: boolean }>(
          'SELECT pg_terminate_backend(pid) AS t FROM pg_stat_activity WHERE application_name = $1',
          [store.app],
        )
      ).length;
      child.kill('SIGCONT');
    });
    try {
      expect(terminated, r.stderr).toBeGreaterThan(0);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).toMatch(
        /^applied \d+\/3000 changes\nerror: lost the connection to state store postgres:\/\/\S+ \((terminating connection due to administrator command|Connection terminated unexpectedly)\)\nhint: what was recorded before stays recorded, each batch with its audit rows; run the command again \(an apply left unfinished is finished by the next, its lock released or taken over once its process is gone\)\n$/,
      );
      expect(r.code).toBe(2);
      const { resources } = (
        await sql<{ resources: string }>(`SELECT COUNT(*) AS resources FROM "${store.schema}".resources`)
      )[0]!;
      const { audit } = (await sql<{ audit: string }>(`SELECT COUNT(*) AS audit FROM "${store.schema}".audit`))[0]!;
      expect(Number(resources)).toBe(Number(audit));
      expect(Number(audit)).toBeLessThan(3000);

      // The server was still up: the lock was released on a fresh connection.
      expect(await sql(`SELECT * FROM "${store.schema}".locks`)).toEqual([]);
      const finish = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, env);
      expect(finish.code, finish.stderr).toBe(0);
      expect(finish.stdout).toContain(`Apply complete: ${3000 - Number(audit)} added`);
    } finally {
      await store.drop();
    }
  }, 120_000);
});

const cliIn = (repo: TestRepo, env: Record<string, string>, ...argv: string[]) =>
  runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { GITHUB_ACTOR: 'ci', ...env } });

describe('rows and tables a store cannot read', () => {
  it('SQLite: names the store, the table, the row and how to recover, never a JSON parser message', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect((await cliIn(repo, {}, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    const file = path.join(repo.dir, '.slipway/state.db');
    const db = new Database(file);
    db.prepare("UPDATE resources SET body = '{bad' WHERE env = 'dev' AND name = 'd-0'").run();
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET changes = '{bad' WHERE id = 3").run();
    db.close();
    const badResource =
      'error: state store .slipway/state.db: table resources, row env=dev kind=Deployment name=d-0: column body is not valid JSON ("{bad")\nhint: restore the store from a backup, or delete that row (the audit log keeps its history) and run apply to record the resource again; slipway did not change it\n';
    for (const argv of [['status'], ['plan', '--env', 'dev'], ['apply', '--env', 'dev', '--yes']])
      expect(await cliIn(repo, {}, ...argv)).toEqual({ code: 2, stdout: '', stderr: badResource });
    expect(await cliIn(repo, {}, 'history', '--env', 'dev')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: state store .slipway/state.db: table audit, row id=3: column changes is not valid JSON ("{bad")\nhint: the audit log is append-only: restore the store from a backup; slipway did not change it\n',
    });
    // Control: with the broken resource row removed, apply records it again.
    const fix = new Database(file);
    fix.prepare("DELETE FROM resources WHERE env = 'dev' AND name = 'd-0'").run();
    fix.close();
    const again = await cliIn(repo, {}, 'apply', '--env', 'dev', '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Apply complete: 1 added, 0 changed, 0 destroyed in dev');

    const drop = new Database(file);
    drop.exec('DROP TABLE locks');
    drop.close();
    expect(await cliIn(repo, {}, 'status')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: state store .slipway/state.db has no table locks (no such table: locks)\nhint: its schema is incomplete, though its migrations say otherwise: restore it from a backup, or point --state at another file; slipway did not change it\n',
    });
  });

  it.skipIf(!pgAvailable)('PostgreSQL: the same for a row that cannot be parsed and a missing table', async () => {
    const store = pgStore();
    try {
      const repo = new TestRepo();
      repo.commit(reconcileRepo());
      const env = { SLIPWAY_STATE: store.url };
      expect((await cliIn(repo, env, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
      await sql(`UPDATE "${store.schema}".resources SET body = '{bad' WHERE env = 'dev' AND name = 'd-1'`);
      const status = await cliIn(repo, env, 'status');
      expect(status.code).toBe(2);
      expect(status.stderr).toBe(
        `error: state store ${store.url}: table resources, row env=dev kind=Deployment name=d-1: column body is not valid JSON ("{bad")\nhint: restore the store from a backup, or delete that row (the audit log keeps its history) and run apply to record the resource again; slipway did not change it\n`,
      );
      await sql(`DROP TABLE "${store.schema}".audit CASCADE`);
      const history = await cliIn(repo, env, 'history', '--env', 'dev');
      expect(history).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: state store ${store.url} has no table audit (relation "audit" does not exist)\nhint: its schema is incomplete, though its migrations say otherwise: restore it from a backup, or point --state at another store\n`,
      });
    } finally {
      await store.drop();
    }
  });
});
