/** Applies of the gate repository's Deployment `fraud-detector`, recorded in a real store, as `apply` records them. */
import Database from 'better-sqlite3';
import { openStore } from '../../src/state/open.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { StateStore } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { withPg, schemaOf } from './postgres.js';
import { ctx } from './values.js';

/** One apply: when, and the version it sent all of the traffic to. */
export type Applied = [at: string, version: string];

const spec = (version: string) => ({
  spec: { model: 'fraud-detector', mode: 'realtime', traffic: [{ version, percent: 100 }] },
});

/** Records each apply of `env` in turn (row ids follow the order), the first as a create. */
async function recordApplies(store: StateStore, env: string, applies: readonly Applied[]): Promise<void> {
  let before: string | undefined;
  for (const [i, [at, version]] of applies.entries()) {
    await store.record(ctx({ env, revision: 'c'.repeat(40), actor: 'reconciler', at, runId: `run-${i + 1}` }), [
      {
        action: before === undefined ? 'create' : 'update',
        kind: 'Deployment',
        name: 'fraud-detector',
        ...(before === undefined ? {} : { before: spec(before) }),
        after: spec(version),
        hash: `h-${i + 1}`,
        changes: [],
      },
    ]);
    before = version;
  }
}

/** A SQLite store at `file` (created) holding the applies of `env`. */
export async function sqliteWithApplies(file: string, env: string, applies: readonly Applied[]): Promise<void> {
  const store = await openSqliteStore(file, { display: 'state.db' });
  try {
    await recordApplies(store, env, applies);
  } finally {
    await store.close();
  }
}

/** A PostgreSQL store at `url` (migrated) holding the applies of `env`. */
export async function pgWithApplies(url: string, env: string, applies: readonly Applied[]): Promise<void> {
  const store = await openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true });
  try {
    await recordApplies(store, env, applies);
  } finally {
    await store.close();
  }
}

/** Runs SQL on a SQLite store behind Slipway's back, its append-only triggers dropped first: what a tamperer does. */
export function tamperSqlite(file: string, statement: string): void {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    db.prepare(statement).run();
  } finally {
    db.close();
  }
}

/** The same on PostgreSQL: the append-only trigger disabled, then the statement, in the store's schema. */
export async function tamperPg(url: string, statement: string): Promise<void> {
  await withPg(async (client) => {
    await client.query(`SET search_path TO "${schemaOf(url)}"`);
    await client.query('ALTER TABLE audit DISABLE TRIGGER audit_append_only');
    await client.query(statement);
  });
}
