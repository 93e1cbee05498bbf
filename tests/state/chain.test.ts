/**
 * The audit log's hash chain (issue 12), over each engine: a clean chain verifies; a row edited,
 * deleted or inserted behind slipway's back is found by its id; PostgreSQL refuses TRUNCATE.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { showHistory } from '../../src/app/history.js';
import { formatHistoryText } from '../../src/format/history-text.js';
import { openStore } from '../../src/state/open.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ChangeRecord, StateStore } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { freshPgUrl, pgAvailable, schemaOf, withPg } from '../support/postgres.js';
import { tempDir } from '../support/tree.js';
import { ctx } from '../support/values.js';

interface Engine {
  name: string;
  available: boolean;
  fresh(): string;
  open(where: string): Promise<StateStore>;
  sql(where: string, statement: string): Promise<unknown[]>;
  /** Lets UPDATE and DELETE through, as someone with the database's keys could. */
  unguard: string[];
}

const ENGINES: Engine[] = [
  {
    name: 'SQLite',
    available: true,
    fresh: () => path.join(tempDir(), 'state.db'),
    open: (file) => openSqliteStore(file, { display: 'state.db' }),
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
    unguard: ['DROP TRIGGER audit_no_update', 'DROP TRIGGER audit_no_delete'],
  },
  {
    name: 'PostgreSQL',
    available: pgAvailable,
    fresh: freshPgUrl,
    open: (url) => openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true }),
    sql: (url, statement) =>
      withPg(async (client) => {
        await client.query(`SET search_path TO "${schemaOf(url)}"`);
        return (await client.query(statement)).rows as unknown[];
      }),
    unguard: ['ALTER TABLE audit DISABLE TRIGGER audit_append_only'],
  },
];

const consumer = (name: string): ChangeRecord => ({
  action: 'create',
  kind: 'Consumer',
  name,
  after: { spec: { owner: name } },
  hash: `h-${name}`,
  changes: [],
});

describe.each(ENGINES.map((e) => [e.name, e] as const))('%s audit chain', (_name, engine) => {
  const test = it.skipIf(!engine.available);

  /** prod gets rows 1, 2, 4 and 5; staging row 3 sits between them. */
  async function seeded(): Promise<string> {
    const where = engine.fresh();
    const store = await engine.open(where);
    try {
      await store.record(ctx(), [consumer('a'), consumer('b')]);
      await store.record(ctx({ env: 'staging' }), [consumer('x')]);
      await store.record(ctx({ runId: 'run-2' }), [consumer('c')]);
      await store.record(ctx({ runId: 'run-3', breakGlass: ['review'], author: 'bob' }), [consumer('d')]);
    } finally {
      await store.close();
    }
    for (const statement of engine.unguard) await engine.sql(where, statement);
    return where;
  }

  async function verify(where: string, env = 'prod'): Promise<unknown> {
    const store = await engine.open(where);
    try {
      return await store.verifyAudit(env);
    } finally {
      await store.close();
    }
  }

  test('a clean chain verifies, per environment', async () => {
    const where = await seeded();
    expect(await verify(where)).toEqual({ intact: true, rows: 4, unchained: 0 });
    expect(await verify(where, 'staging')).toEqual({ intact: true, rows: 1, unchained: 0 });
    const ids = (await engine.sql(where, "SELECT id FROM audit WHERE env = 'prod' ORDER BY id")) as Array<{
      id: number;
    }>;
    expect(ids.map((r) => Number(r.id))).toEqual([1, 2, 4, 5]);
  });

  test('an edited row is found by its id', async () => {
    const where = await seeded();
    await engine.sql(where, "UPDATE audit SET actor = 'mallory' WHERE id = 2");
    expect(await verify(where)).toEqual({ intact: false, problem: 'edited', id: 2 });
    expect(await verify(where, 'staging')).toMatchObject({ intact: true });
  });

  test('a deleted row is found by its id', async () => {
    const where = await seeded();
    await engine.sql(where, 'DELETE FROM audit WHERE id = 4');
    expect(await verify(where)).toEqual({ intact: false, problem: 'deleted', id: 4 });
  });

  test('an inserted row is found by its id, with or without a made-up link', async () => {
    const where = await seeded();
    const columns =
      "run_id, env, at, actor, revision, dirty, action, kind, name, changes, drift) VALUES ('run-x', 'prod', '2026-11-02T00:00:00.000Z', 'mallory', 'bbb', 0, 'create', 'Consumer', 'z', '[]', 0";
    await engine.sql(where, `INSERT INTO audit (id, ${columns})`.replace('VALUES (', 'VALUES (9, '));
    expect(await verify(where)).toEqual({ intact: false, problem: 'inserted', id: 9 });

    // Linking to row 4, which is not the row before it (5), with a hash that does not hold.
    const other = await seeded();
    const forged = `4:sha256:${'0'.repeat(64)}`;
    await engine.sql(
      other,
      `INSERT INTO audit (id, chain, ${columns})`.replace('VALUES (', `VALUES (7, '${forged}', `),
    );
    expect(await verify(other)).toEqual({ intact: false, problem: 'inserted', id: 7 });
  });

  test('rows written afterwards by slipway continue the chain', async () => {
    const where = await seeded();
    const store = await engine.open(where);
    try {
      await store.record(ctx({ runId: 'run-4' }), [consumer('e')]);
      expect(await store.verifyAudit('prod')).toEqual({ intact: true, rows: 5, unchained: 0 });
    } finally {
      await store.close();
    }
  });
});

describe('PostgreSQL audit log', () => {
  it.skipIf(!pgAvailable)('refuses TRUNCATE as it refuses DELETE and UPDATE', async () => {
    const where = freshPgUrl();
    const store = await ENGINES[1]!.open(where);
    await store.record(ctx(), [consumer('a')]);
    await store.close();
    await expect(ENGINES[1]!.sql(where, 'TRUNCATE audit')).rejects.toThrow(/append-only/);
    expect(await ENGINES[1]!.sql(where, 'SELECT id FROM audit')).toHaveLength(1);
  });
});

describe('history --verify', () => {
  it('says whether the chain holds, and which row broke it', async () => {
    const root = tempDir();
    const file = path.join(root, 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    await store.record(ctx(), [consumer('a'), consumer('b')]);
    await store.close();
    const options = { root, cwd: root, state: `sqlite:${file}`, env: 'prod', filter: {}, verify: true };
    const clean = await showHistory(options);
    expect(clean.kind).toBe('ok');
    expect(formatHistoryText(clean.report)).toContain('Audit log of prod verified: 2 chained rows intact.');
    const db = new Database(file);
    db.exec("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 1");
    db.close();
    const broken = await showHistory(options);
    expect(broken.kind).toBe('broken');
    expect(formatHistoryText(broken.report)).toContain(
      'Audit log of prod is broken: row #1 was changed after it was written (the first such row).',
    );
  });
});
