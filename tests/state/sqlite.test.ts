import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ChangeRecord, LockLease, RecordContext } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { UserError } from '../../src/model/errors.js';
import { tempDir } from '../support/tree.js';

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
    mode: 'realtime',
    traffic: [{ version: '3.2.0', percent: 100 - percent }, ...(percent ? [{ version: '4.0.0', percent }] : [])],
  },
});

describe('SQLite state store', () => {
  it('records resources with their audit rows and lists history newest first, filtered', async () => {
    const file = path.join(tempDir(), 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    await store.record(ctx(), [
      { action: 'create', kind: 'DataSource', name: 'tx', after: { spec: { type: 'lake' } }, hash: 'h1', changes: [] },
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
    expect(history[0]!.after).toEqual(deploy(10)!.spec);
    expect(history[0]!.before).toEqual(deploy(0)!.spec);
    expect(history[0]!.changes).toEqual([{ path: 'spec.traffic[0].percent', before: 100, after: 90 }]);
    expect((await store.history('prod')).map((h) => `${h.action} ${h.kind}/${h.name}`)).toEqual([
      'delete DataSource/tx',
      'update Deployment/fraud',
      'create Deployment/fraud',
      'create DataSource/tx',
    ]);
    expect((await store.history('prod', { limit: 1 })).length).toBe(1);
    expect(await store.environments()).toEqual(['prod']);
    expect((await store.lastApply('prod'))?.revision).toBe('b'.repeat(40));
    expect(await store.history('dev')).toEqual([]);
    await store.close();
  });

  it('keeps the audit log append-only and migrates once', async () => {
    const file = path.join(tempDir(), 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    await store.record(ctx(), [
      { action: 'create', kind: 'Consumer', name: 'c', after: { spec: {} }, hash: 'h', changes: [] },
    ]);
    await store.close();
    const again = await openSqliteStore(file, { display: 'state.db' });
    expect((await again.history('prod')).length).toBe(1);
    await again.close();
    const db = new Database(file);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }, { version: 2 }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records the deploy commit on every audit row of a kubernetes run, and migrates a version 1 store to it', async () => {
    const file = path.join(tempDir(), 'state.db');
    // A store written before migration 2: its rows have no deploy commit.
    const old = new Database(file);
    old.exec(`
      CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, '2026-10-01T00:00:00.000Z');
      CREATE TABLE resources (env TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
        hash TEXT NOT NULL, revision TEXT NOT NULL, applied_at TEXT NOT NULL, actor TEXT NOT NULL, PRIMARY KEY (env, kind, name));
      CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, env TEXT NOT NULL, at TEXT NOT NULL,
        actor TEXT NOT NULL, revision TEXT NOT NULL, dirty INTEGER NOT NULL, action TEXT NOT NULL, kind TEXT NOT NULL,
        name TEXT NOT NULL, before TEXT, after TEXT, changes TEXT NOT NULL, drift INTEGER NOT NULL);
      CREATE TABLE locks (env TEXT PRIMARY KEY, id TEXT NOT NULL, owner TEXT NOT NULL, host TEXT NOT NULL,
        pid INTEGER NOT NULL, acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL);
      INSERT INTO audit (run_id, env, at, actor, revision, dirty, action, kind, name, before, after, changes, drift)
        VALUES ('run-0', 'prod', '2026-10-01T00:00:00.000Z', 'alice', '${'a'.repeat(40)}', 0, 'create', 'Consumer', 'c', NULL, '{}', '[]', 0);
    `);
    old.close();
    const store = await openSqliteStore(file, { display: 'state.db' });
    const deployCommit = 'd'.repeat(40);
    await store.record(ctx({ runId: 'run-1', deployCommit }), [
      { action: 'create', kind: 'Deployment', name: 'fraud', after: deploy(0), hash: 'h', changes: [] },
      { action: 'create', kind: 'Consumer', name: 'app', after: { spec: {} }, hash: 'h2', changes: [] },
    ]);
    const history = await store.history('prod');
    expect(history.map((e) => [e.runId, e.name, e.deployCommit])).toEqual([
      ['run-1', 'app', deployCommit],
      ['run-1', 'fraud', deployCommit],
      ['run-0', 'c', undefined],
    ]);
    expect('deployCommit' in history[2]!).toBe(false);
    await store.close();
  });

  it('rolls back a whole batch when one change fails', async () => {
    const file = path.join(tempDir(), 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    await expect(
      store.record(ctx(), [
        { action: 'create', kind: 'Consumer', name: 'a', after: { spec: {} }, hash: 'h', changes: [] },
        { action: 'create', kind: 'Consumer', name: 'b', after: { spec: {} }, changes: [] },
      ]),
    ).rejects.toThrow(/no hash/);
    expect(await store.resources('prod')).toEqual([]);
    expect(await store.history('prod')).toEqual([]);
    await store.close();
  });

  it('holds locks as leases: refuses a live holder, takes over when the policy says so, releases by id', async () => {
    const store = await openSqliteStore(path.join(tempDir(), 'state.db'), { display: 'state.db' });
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
    expect(await store.acquireLock(lease('3', 'carol'), () => 'expired')).toEqual({
      acquired: true,
      lease: lease('3', 'carol'),
      tookOver: { holder: lease('1', 'alice'), reason: 'expired' },
    });
    await store.releaseLock('prod', '1'); // no longer ours: nothing happens
    expect((await store.lock('prod'))?.owner).toBe('carol');
    expect(await store.renewLock('prod', '3', '2026-11-01T10:10:00.000Z')).toBe(true);
    expect(await store.renewLock('prod', '1', '2026-11-01T10:10:00.000Z')).toBe(false);
    expect(await store.forceUnlock('prod')).toEqual({ ...lease('3', 'carol'), expiresAt: '2026-11-01T10:10:00.000Z' });
    expect(await store.forceUnlock('prod')).toBeUndefined();
    await store.close();
  });

  it('refuses a corrupt file clearly and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'state.db');
    const junk = Buffer.from('this is not a database at all, just some text padding '.repeat(100));
    writeFileSync(file, junk);
    const error = await openSqliteStore(file, { display: '.slipway/state.db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /^state store \.slipway\/state\.db is not a readable Slipway SQLite database/,
    );
    expect(readFileSync(file).equals(junk)).toBe(true);
  });
});

describe('state URL resolution', () => {
  const base = { repoRoot: '/repo', cwd: '/work' };
  it('prefers --state, then SLIPWAY_STATE, then slipway.yaml, then the default', () => {
    expect(
      resolveStateLocation({ ...base, flag: 'sqlite:a.db', env: 'sqlite:b.db', project: 'sqlite:c.db' }),
    ).toMatchObject({ file: '/work/a.db', from: '--state' });
    expect(resolveStateLocation({ ...base, env: 'sqlite:b.db', project: 'sqlite:c.db' })).toMatchObject({
      file: '/work/b.db',
      from: 'SLIPWAY_STATE',
    });
    expect(resolveStateLocation({ ...base, project: 'sqlite:c.db' })).toMatchObject({
      file: '/repo/c.db',
      display: 'c.db',
      from: 'slipway.yaml',
    });
    expect(resolveStateLocation(base)).toEqual({
      type: 'sqlite',
      file: '/repo/.slipway/state.db',
      display: '.slipway/state.db',
      from: 'default',
    });
    expect(resolveStateLocation({ ...base, flag: 'sqlite:///tmp/x.db' })).toMatchObject({ file: '/tmp/x.db' });
  });
  it('rejects other URLs and never shows a password', () => {
    expect(() => resolveStateLocation({ ...base, flag: 'mysql://x' })).toThrow(
      /^invalid state URL mysql:\/\/x \(from --state\)/,
    );
    expect(resolveStateLocation({ ...base, flag: 'postgres://u:secret@db:5432/s' })).toMatchObject({
      type: 'postgres',
      display: 'postgres://u:***@db:5432/s',
    });
  });
});
