import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import type { ChangeRecord, LockLease, RecordContext, StateStore } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/reconcile-repo.js';
import { TestRepo } from '../support/tree.js';

// The libpq variables CI sets for its PostgreSQL service, else the local trust-auth server.
const { PGUSER = 'root', PGHOST = '127.0.0.1', PGPORT = '5432', PGDATABASE = 'test' } = process.env;
const BASE = process.env.SLIPWAY_TEST_PG ?? `postgres://${PGUSER}@${PGHOST}:${PGPORT}/${PGDATABASE}`;

/** The real PostgreSQL of the test machine; without one (a laptop) these tests are skipped, saying so. */
async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: BASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const available = await reachable();
if (!available) console.warn(`PostgreSQL tests skipped: nothing answers at ${BASE} (set SLIPWAY_TEST_PG)`);

const schemas: string[] = [];
afterAll(async () => {
  if (!available || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});

/** A fresh schema per test, so tests never see each other's rows. */
function freshUrl(): string {
  const schema = `slipway_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  schemas.push(schema);
  return `${BASE}?schema=${schema}`;
}
const open = (url: string): Promise<StateStore> =>
  openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true });

const ctx = (over: Partial<RecordContext> = {}): RecordContext => ({
  env: 'prod',
  revision: 'a'.repeat(40),
  dirty: false,
  actor: 'alice',
  at: '2026-11-01T10:00:00.000Z',
  runId: 'run-1',
  ...over,
});
const deploy = (percent: number): ChangeRecord['after'] => ({
  spec: {
    model: 'fraud',
    traffic: [{ version: '3.2.0', percent: 100 - percent }, ...(percent ? [{ version: '4.0.0', percent }] : [])],
  },
});

describe.skipIf(!available)('PostgreSQL state store', () => {
  it('records, lists history newest first and filtered, exactly like the SQLite store', async () => {
    const url = freshUrl();
    const store = await open(url);
    expect(store.description).toBe(`postgres ${url}`);
    await store.record(ctx(), [
      { action: 'create', kind: 'DataSource', name: 'tx', after: { spec: { type: 'lake' } }, hash: 'h1', changes: [] },
      { action: 'create', kind: 'Deployment', name: 'fraud', after: deploy(0), hash: 'h2', changes: [] },
    ]);
    await store.record(ctx({ revision: 'b'.repeat(40), actor: 'bob', runId: 'run-2' }), [
      {
        action: 'update',
        kind: 'Deployment',
        name: 'fraud',
        before: deploy(0),
        after: deploy(10),
        hash: 'h3',
        changes: [{ path: 'spec.traffic[0].percent', before: 100, after: 90 }],
        drift: true,
      },
      { action: 'delete', kind: 'DataSource', name: 'tx', before: { spec: { type: 'lake' } }, changes: [] },
    ]);
    expect((await store.resources('prod')).map((r) => [r.kind, r.name, r.hash, r.actor, r.spec])).toEqual([
      ['Deployment', 'fraud', 'h3', 'bob', deploy(10)!.spec],
    ]);
    const history = await store.history('prod', { kind: 'Deployment', name: 'fraud' });
    expect(history.map((h) => [h.action, h.actor, h.drift, h.runId])).toEqual([
      ['update', 'bob', true, 'run-2'],
      ['create', 'alice', false, 'run-1'],
    ]);
    expect(history[0]).toMatchObject({
      before: deploy(0)!.spec,
      after: deploy(10)!.spec,
      changes: [{ path: 'spec.traffic[0].percent', before: 100, after: 90 }],
    });
    expect(typeof history[0]!.id).toBe('number');
    expect((await store.history('prod', { limit: 1 })).map((h) => h.action)).toEqual(['delete']);
    expect(await store.environments()).toEqual(['prod']);
    expect((await store.lastApply('prod'))?.revision).toBe('b'.repeat(40));
    await expect(
      store.record(ctx(), [
        { action: 'create', kind: 'Consumer', name: 'a', after: { spec: {} }, hash: 'h', changes: [] },
        { action: 'create', kind: 'Consumer', name: 'b', after: { spec: {} }, changes: [] },
      ]),
    ).rejects.toThrow(/no hash/);
    expect((await store.resources('prod')).length).toBe(1);
    await store.close();
  });

  it('keeps the audit log append-only, and migrates once even when opened concurrently', async () => {
    const url = freshUrl();
    const stores = await Promise.all([open(url), open(url), open(url)]);
    await stores[0]!.record(ctx(), [
      { action: 'create', kind: 'Consumer', name: 'c', after: { spec: {} }, hash: 'h', changes: [] },
    ]);
    const client = new pg.Client({ connectionString: BASE });
    await client.connect();
    const schema = new URL(url).searchParams.get('schema')!;
    await expect(client.query(`DELETE FROM "${schema}".audit`)).rejects.toThrow(/append-only/);
    await expect(client.query(`UPDATE "${schema}".audit SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
    expect((await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)).rows).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    await client.end();
    await Promise.all(stores.map((s) => s.close()));
  });

  it('records the deploy commit on every audit row of a kubernetes run', async () => {
    const store = await open(freshUrl());
    const deployCommit = 'd'.repeat(40);
    await store.record(ctx(), [
      { action: 'create', kind: 'Consumer', name: 'c', after: { spec: {} }, hash: 'h', changes: [] },
    ]);
    await store.record(ctx({ runId: 'run-2', deployCommit }), [
      { action: 'create', kind: 'Deployment', name: 'fraud', after: deploy(0), hash: 'h2', changes: [] },
    ]);
    expect((await store.history('prod')).map((e) => [e.name, e.deployCommit])).toEqual([
      ['fraud', deployCommit],
      ['c', undefined],
    ]);
    expect((await store.lastApply('prod'))?.deployCommit).toBe(deployCommit);
    await store.close();
  });

  it('holds locks as leases', async () => {
    const store = await open(freshUrl());
    const lease = (id: string, owner: string): LockLease => ({
      env: 'prod',
      id,
      owner,
      host: 'h',
      pid: 1,
      acquiredAt: '2026-11-01T10:00:00.000Z',
      expiresAt: '2026-11-01T10:05:00.000Z',
    });
    expect(await store.acquireLock(lease('1', 'alice'), () => undefined)).toEqual({
      acquired: true,
      lease: lease('1', 'alice'),
    });
    expect(await store.acquireLock(lease('2', 'bob'), () => undefined)).toEqual({
      acquired: false,
      holder: lease('1', 'alice'),
    });
    expect(await store.acquireLock(lease('3', 'carol'), () => 'expired')).toMatchObject({
      acquired: true,
      tookOver: { holder: lease('1', 'alice'), reason: 'expired' },
    });
    expect(await store.renewLock('prod', '1', '2026-11-01T10:10:00.000Z')).toBe(false);
    expect(await store.renewLock('prod', '3', '2026-11-01T10:10:00.000Z')).toBe(true);
    expect(await store.forceUnlock('prod')).toEqual({ ...lease('3', 'carol'), expiresAt: '2026-11-01T10:10:00.000Z' });
    expect(await store.forceUnlock('prod')).toBeUndefined();
    await store.close();
  });

  it('plan, apply, history and status run against it end to end', async () => {
    const url = freshUrl();
    const repo = new TestRepo();
    const sha = repo.commit(reconcileRepo());
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { SLIPWAY_STATE: url, GITHUB_ACTOR: 'octocat' } });
    expect((await cli('plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(2);
    const applied = await cli('apply', '--env', 'prod', '--yes');
    expect(applied.stdout).toContain(
      `Apply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${sha.slice(0, 7)}, by octocat).`,
    );
    expect((await cli('apply', '--env', 'prod', '--yes')).stdout).toBe(
      `No changes. prod matches revision ${sha.slice(0, 7)}.\n`,
    );
    const status = JSON.parse((await cli('status', '--env', 'prod', '--format', 'json')).stdout) as {
      environments: Array<{ resources: number; lastApply: { actor: string } }>;
    };
    expect(status.environments[0]).toMatchObject({ resources: 7, lastApply: { actor: 'octocat' } });
  }, 120_000);

  it('an unreachable server is a clear error', async () => {
    const r = await runCli(['status', '--state', 'postgres://root@127.0.0.1:1/test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: cannot connect to state store postgres:\/\/root@127\.0\.0\.1:1\/test \(.*\)\nhint: check the host, port and that PostgreSQL is running\n$/,
    );
  });
});
