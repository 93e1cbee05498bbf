/**
 * What every state store must do, run over each engine: SQLite (a temporary file) and PostgreSQL
 * (the test machine's server, a fresh schema per test; skipped, saying so, when none answers).
 * What only one engine has (file modes, journal mode, schemas, URLs) stays in its own file.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, textHash } from '../../src/model/canonical.js';
import type { ResourceBody } from '../../src/model/resource.js';
import { openStore } from '../../src/state/open.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ChangeRecord, LockLease, StateStore } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { freshPgUrl, pgAvailable, schemaOf, withPg } from '../support/postgres.js';
import { tempDir } from '../support/tree.js';
import { ctx, digest } from '../support/values.js';

interface Engine {
  name: string;
  available: boolean;
  /** Where a new, empty store lives: a file or a URL. */
  fresh(): string;
  open(where: string): Promise<StateStore>;
  description(where: string): string;
  /** Runs one SQL statement on the store's tables, behind the store's back; resolves to its rows. */
  sql(where: string, statement: string): Promise<unknown[]>;
}

const ENGINES: Engine[] = [
  {
    name: 'SQLite',
    available: true,
    fresh: () => path.join(tempDir(), 'state.db'),
    open: (file) => openSqliteStore(file, { display: 'state.db' }),
    description: () => 'sqlite state.db',
    sql: async (file, statement) => {
      const db = new Database(file);
      try {
        const stmt = db.prepare(statement);
        if (stmt.reader) return stmt.all();
        stmt.run();
        return [];
      } finally {
        db.close();
      }
    },
  },
  {
    name: 'PostgreSQL',
    available: pgAvailable,
    fresh: freshPgUrl,
    open: (url) => openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true }),
    description: (url) => `postgres ${url}`,
    sql: (url, statement) =>
      withPg(async (client) => {
        await client.query(`SET search_path TO "${schemaOf(url)}"`);
        return (await client.query(statement)).rows as unknown[];
      }),
  },
];

const deploy = (percent: number): ChangeRecord['after'] => ({
  spec: {
    model: 'fraud',
    mode: 'realtime',
    traffic: [{ version: '3.2.0', percent: 100 - percent }, ...(percent ? [{ version: '4.0.0', percent }] : [])],
  },
});

/** A new Consumer; `{ hash: false }` leaves out the hash every write needs, failing it. */
const consumer = (name: string, { hash = true } = {}): ChangeRecord => ({
  action: 'create',
  kind: 'Consumer',
  name,
  after: { spec: {} },
  ...(hash ? { hash: 'h' } : {}),
  changes: [],
});

const lease = (id: string, owner: string, env = 'prod'): LockLease => ({
  env,
  id,
  owner,
  host: 'h',
  pid: 1,
  acquiredAt: '2026-11-01T10:00:00.000Z',
  expiresAt: '2026-11-01T10:05:00.000Z',
});

describe.each(ENGINES.map((e) => [e.name, e] as const))('%s state store', (_name, engine) => {
  const test = it.skipIf(!engine.available);

  /** A store in a fresh location, closed after `fn`. */
  async function withStore(fn: (store: StateStore, where: string) => Promise<void>): Promise<void> {
    const where = engine.fresh();
    const store = await engine.open(where);
    try {
      await fn(store, where);
    } finally {
      await store.close();
    }
  }

  test('describes itself by its location', () =>
    withStore(async (store, where) => {
      expect(store.description).toBe(engine.description(where));
    }));

  test('records resources with their audit rows and lists history newest first, filtered', () =>
    withStore(async (store) => {
      await store.record(ctx(), [
        {
          action: 'create',
          kind: 'DataSource',
          name: 'tx',
          after: { spec: { type: 'lake' } },
          hash: 'h1',
          changes: [],
        },
        { action: 'create', kind: 'Deployment', name: 'fraud', after: deploy(0), hash: 'h2', changes: [] },
      ]);
      await store.record(
        ctx({ revision: 'b'.repeat(40), at: '2026-11-02T10:00:00.000Z', actor: 'bob', runId: 'run-2' }),
        [
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
        ],
      );

      const resources = await store.resources('prod');
      expect(resources.map((r) => [r.kind, r.name, r.hash, r.revision, r.actor, r.appliedAt])).toEqual([
        ['Deployment', 'fraud', 'h3', 'b'.repeat(40), 'bob', '2026-11-02T10:00:00.000Z'],
      ]);
      expect(resources[0]!.spec).toEqual(deploy(10)!.spec);

      const history = await store.history('prod', { kind: 'Deployment', name: 'fraud' });
      expect(history.map((h) => [h.action, h.at, h.actor])).toEqual([
        ['update', '2026-11-02T10:00:00.000Z', 'bob'],
        ['create', '2026-11-01T10:00:00.000Z', 'alice'],
      ]);
      expect(history.map((h) => [h.action, h.actor, h.drift, h.runId])).toEqual([
        ['update', 'bob', true, 'run-2'],
        ['create', 'alice', false, 'run-1'],
      ]);
      expect(history[0]!.after).toEqual(deploy(10)!.spec);
      expect(history[0]!.before).toEqual(deploy(0)!.spec);
      expect(history[0]!.changes).toEqual([{ path: 'spec.traffic[0].percent', before: 100, after: 90 }]);
      expect(typeof history[0]!.id).toBe('number');
      expect((await store.history('prod')).map((h) => `${h.action} ${h.kind}/${h.name}`)).toEqual([
        'delete DataSource/tx',
        'update Deployment/fraud',
        'create Deployment/fraud',
        'create DataSource/tx',
      ]);
      expect((await store.history('prod', { kind: 'DataSource' })).map((h) => h.action)).toEqual(['delete', 'create']);
      expect((await store.history('prod', { limit: 1 })).map((h) => h.action)).toEqual(['delete']);
      expect(await store.environments()).toEqual(['prod']);
      expect((await store.lastApply('prod'))?.revision).toBe('b'.repeat(40));
      expect(await store.history('dev')).toEqual([]);
      expect(await store.lastApply('dev')).toBeUndefined();
    }));

  test('reads back what drift detection compares: the body, its canonical text and hash, the drift and dirty flags', () =>
    withStore(async (store) => {
      // Keys out of order, as a document lists them: the store keeps the canonical text.
      const body: ResourceBody = {
        spec: { traffic: [{ version: '3.2.0', percent: 100 }], model: 'fraud' },
        metadata: { labels: { tier: 'gold', app: 'fraud' } },
        artifacts: { '3.2.0': { uri: 's3://m/3.2.0', digest: digest('a') } },
      };
      const hash = contentHash(body);
      await store.record(ctx({ dirty: true }), [
        { action: 'update', kind: 'Deployment', name: 'fraud', after: body, hash, changes: [], drift: true },
      ]);
      const [applied] = await store.resources('prod');
      expect(applied!.body).toEqual(body);
      expect(applied!.bodyText).toBe(canonicalJson(body));
      expect(textHash(applied!.bodyText)).toBe(applied!.hash);
      expect(applied!.hash).toBe(hash);
      const [row] = await store.history('prod');
      expect([row!.drift, row!.dirty]).toEqual([true, true]);
    }));

  test('lists every environment with a resource or an audit row, sorted', () =>
    withStore(async (store) => {
      expect(await store.environments()).toEqual([]);
      await store.record(ctx({ env: 'staging' }), [consumer('c')]);
      await store.record(ctx({ env: 'dev' }), [consumer('c')]);
      await store.record(ctx({ env: 'dev', runId: 'run-2' }), [
        { action: 'delete', kind: 'Consumer', name: 'c', before: { spec: {} }, changes: [] },
      ]);
      await store.record(ctx(), [consumer('c')]);
      expect(await store.resources('dev')).toEqual([]);
      expect(await store.environments()).toEqual(['dev', 'prod', 'staging']);
    }));

  test('rolls back a whole batch when one change fails', () =>
    withStore(async (store) => {
      const failing = [consumer('a'), consumer('b', { hash: false })];
      await expect(store.record(ctx(), failing)).rejects.toThrow(/no hash/);
      expect(await store.resources('prod')).toEqual([]);
      expect(await store.history('prod')).toEqual([]);

      // Over rows already there, too: they stay as they were.
      await store.record(ctx(), [consumer('c')]);
      await expect(store.record(ctx({ runId: 'run-2' }), failing)).rejects.toThrow(/no hash/);
      expect((await store.resources('prod')).map((r) => r.name)).toEqual(['c']);
      expect((await store.history('prod')).map((h) => `${h.action} ${h.name} ${h.runId}`)).toEqual(['create c run-1']);
    }));

  test('keeps the audit log append-only, and migrates once even when opened concurrently', async () => {
    const where = engine.fresh();
    const stores = await Promise.all([engine.open(where), engine.open(where), engine.open(where)]);
    await stores[0]!.record(ctx(), [consumer('c')]);
    await Promise.all(stores.map((s) => s.close()));
    const again = await engine.open(where);
    expect((await again.history('prod')).length).toBe(1);
    await again.close();
    await expect(engine.sql(where, 'DELETE FROM audit')).rejects.toThrow(/append-only/);
    await expect(engine.sql(where, "UPDATE audit SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    expect(await engine.sql(where, 'SELECT version FROM schema_migrations')).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
    ]);
  });

  test('holds locks as leases: refuses a live holder, takes over when the policy says so, releases by id', () =>
    withStore(async (store) => {
      expect(await store.lock('prod')).toBeUndefined();
      expect(await store.acquireLock(lease('1', 'alice'), () => undefined)).toEqual({
        acquired: true,
        lease: lease('1', 'alice'),
      });
      expect(await store.acquireLock(lease('2', 'bob'), () => undefined)).toEqual({
        acquired: false,
        holder: lease('1', 'alice'),
      });
      // Each environment has its own lock.
      expect(await store.acquireLock(lease('9', 'dave', 'dev'), () => undefined)).toEqual({
        acquired: true,
        lease: lease('9', 'dave', 'dev'),
      });
      expect(await store.acquireLock(lease('3', 'carol'), () => 'expired')).toEqual({
        acquired: true,
        lease: lease('3', 'carol'),
        tookOver: { holder: lease('1', 'alice'), reason: 'expired' },
      });
      await store.releaseLock('prod', '1'); // no longer ours: nothing happens
      expect((await store.lock('prod'))?.owner).toBe('carol');
      expect(await store.renewLock('prod', '1', '2026-11-01T10:10:00.000Z')).toBe(false);
      expect(await store.renewLock('prod', '3', '2026-11-01T10:10:00.000Z')).toBe(true);
      expect(await store.forceUnlock('prod')).toEqual({
        ...lease('3', 'carol'),
        expiresAt: '2026-11-01T10:10:00.000Z',
      });
      expect(await store.forceUnlock('prod')).toBeUndefined();
      await store.releaseLock('dev', '9');
      expect(await store.lock('dev')).toBeUndefined();
    }));
});
