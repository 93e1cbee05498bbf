import { existsSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { UserError } from '../model/errors.js';
import {
  auditColumns,
  auditValues,
  BadRow,
  badRowError,
  machineOf,
  missingTable,
  toAppliedResource,
  toAuditEntry,
  toLease,
  toRecordedVerification,
  verificationColumns,
  verificationValues,
  lastVerificationsSql,
} from './rows.js';
import { chainLink, verifyChain } from './chain.js';
import { localMachine } from './machine.js';
import { canonicalText } from '../model/canonical.js';
import type { ChainVerdict } from './chain.js';
import {
  decideLock,
  LeaseLost,
  type AppliedResource,
  type AuditEntry,
  type ChangeRecord,
  type HistoryFilter,
  type LockAttempt,
  type LockLease,
  type RecordContext,
  type RecordedVerification,
  type StateStore,
  type VerificationRun,
  type TakeOverPolicy,
} from './store.js';

type Database = BetterSqlite3.Database;

/**
 * Versioned schema migrations, applied in order, each once. The SQL is kept portable (TEXT,
 * INTEGER, plain indexes) so the PostgreSQL store can mirror it; the audit log is append-only,
 * enforced by triggers.
 */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE resources (
        env TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        hash TEXT NOT NULL,
        revision TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        actor TEXT NOT NULL,
        PRIMARY KEY (env, kind, name)
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        env TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        revision TEXT NOT NULL,
        dirty INTEGER NOT NULL,
        action TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        before TEXT,
        after TEXT,
        changes TEXT NOT NULL,
        drift INTEGER NOT NULL
      );
      CREATE INDEX audit_env ON audit (env, id);
      CREATE INDEX audit_resource ON audit (env, kind, name, id);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TABLE locks (
        env TEXT PRIMARY KEY,
        id TEXT NOT NULL,
        owner TEXT NOT NULL,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `,
  },
  {
    // The machine, boot and pid namespace of a lock holder (state/machine.ts): its pid is only
    // judged where they match.
    version: 2,
    sql: `ALTER TABLE locks ADD COLUMN machine TEXT NOT NULL DEFAULT '';`,
  },
  {
    // The controls an apply overrode on purpose (`apply --allow-unmerged`), per audit row.
    version: 3,
    sql: `ALTER TABLE audit ADD COLUMN break_glass TEXT;`,
  },
  {
    // Who ran apply (`actor`) and who wrote the commit it applied are two people: the author gets its own column.
    version: 4,
    sql: `ALTER TABLE audit ADD COLUMN author TEXT;`,
  },
  {
    // The deploy commit of a kubernetes target, on every audit row of the run that made it.
    version: 5,
    sql: 'ALTER TABLE audit ADD COLUMN deploy_commit TEXT;',
  },
  {
    // `data verify` runs: one row per data source, its status and check counts (issue 15).
    version: 6,
    sql: `
      CREATE TABLE verifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        env TEXT NOT NULL,
        at TEXT NOT NULL,
        revision TEXT NOT NULL,
        dirty INTEGER NOT NULL,
        source TEXT NOT NULL,
        engine TEXT NOT NULL,
        status TEXT NOT NULL,
        summary TEXT NOT NULL
      );
      CREATE INDEX verifications_source ON verifications (env, source, status, id);
    `,
  },
  {
    // The audit log's hash chain (state/chain.ts); rows written before have none.
    version: 7,
    sql: 'ALTER TABLE audit ADD COLUMN chain TEXT;',
  },
];

const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface SqliteOptions {
  /** Shown in messages, e.g. `.slipway/state.db`. */
  display: string;
  /** How long to wait for another process's write lock on the database file, in ms. */
  busyTimeoutMs?: number;
  /** This process's machine as lock leases record it; default `localMachine()` (tests stand in for another). */
  machine?: string;
  /**
   * For commands that only read (plan, status, history): the file is opened read-only, never
   * migrated, and its journal mode is left alone, so pointing one at any SQLite file changes
   * nothing in it.
   */
  readOnly?: boolean;
}

/**
 * Opens (creating when missing) and migrates a SQLite state store; read-only, opens an existing
 * one as it is. A file that is not a Slipway store (another program's database, or an empty
 * file) is refused before anything is written to it. better-sqlite3 is loaded here only.
 */
export async function openSqliteStore(file: string, options: SqliteOptions): Promise<StateStore> {
  const { default: Database } = await import('better-sqlite3');
  const existed = file !== ':memory:' && existsSync(file);
  if (existed) await refuseEmptyFile(file, options.display);
  let db: Database;
  try {
    db = new Database(file, {
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.readOnly ? { readonly: true, fileMustExist: true } : {}),
    });
  } catch (error) {
    throw storeError(error, options.display);
  }
  try {
    if (existed) refuseForeignDatabase(db, options.display);
    if (options.readOnly) {
      checkVersion(db, options.display);
    } else {
      enableWal(db, options.busyTimeoutMs ?? 5000);
      // NORMAL in WAL mode is durable against process crashes (our kill-safety goal); only an OS
      // crash may lose the last transactions, never corrupt the file.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, options.display);
    }
    // Preparing the statements finds a missing table or column: inside, to be reported as such.
    return new SqliteStore(db, options.display, options.machine ?? localMachine());
  } catch (error) {
    db.close();
    throw storeError(error, options.display);
  }
}

/**
 * A 0-byte file reads to SQLite as an empty database, which migrating would silently turn into a
 * new, empty store: a truncated state file must be reported instead. Another slipway creating
 * the store this instant leaves it empty for a moment only, so it is looked at a few times.
 */
async function refuseEmptyFile(file: string, display: string): Promise<void> {
  for (let i = 0; i < 25; i++) {
    if (statSync(file).size > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new UserError(`state store ${display} is an empty file (0 bytes), not a Slipway state database`, {
    hint: 'restore it from a backup; if nothing was ever applied with it, delete it and apply again',
    kind: 'environment',
  });
}

/** A database with tables but no `schema_migrations` is some other program's: never written to. */
function refuseForeignDatabase(db: Database, display: string): void {
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
  ).map((t) => t.name);
  if (tables.length === 0 || tables.includes('schema_migrations')) return;
  throw new UserError(
    `state store ${display} is a SQLite database but not a Slipway state store (its tables: ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', ...' : ''})`,
    {
      hint: 'point --state, SLIPWAY_STATE or slipway.yaml spec.state.url at a Slipway state file; slipway did not change this one',
      kind: 'environment',
    },
  );
}

/** Read-only: the store's schema version must be one this slipway reads (older ones read alike). */
function checkVersion(db: Database, display: string): void {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (has === undefined) return;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  if ((row.v ?? 0) > SCHEMA_VERSION)
    throw new UserError(
      `state store ${display} has schema version ${row.v}, newer than this slipway understands (${SCHEMA_VERSION})`,
      { hint: 'upgrade slipway' },
    );
}

function migrate(db: Database, display: string): void {
  // Read and migrate in one IMMEDIATE transaction: two processes opening a new store at once
  // must not both see version 0 and both run migration 1.
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new UserError(
        `state store ${display} has schema version ${current}, newer than this slipway understands (${SCHEMA_VERSION})`,
        { hint: 'upgrade slipway' },
      );
    }
    for (const m of MIGRATIONS.filter((m) => m.version > current)) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        new Date().toISOString(),
      );
    }
  }).immediate();
}

/**
 * Switching to WAL needs a moment alone with the file; another process opening it at the same
 * instant makes SQLite answer BUSY at once, without waiting, so wait here (bounded).
 */
function enableWal(db: Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** SQLite's own wording turned into something a user can act on. */
function storeError(error: unknown, display: string): Error {
  if (error instanceof UserError || error instanceof LeaseLost) return error;
  const code = (error as { code?: string }).code ?? '';
  const text = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || /not a database|malformed/i.test(text)) {
    return new UserError(`state store ${display} is not a readable Slipway SQLite database (${text})`, {
      hint: 'restore it from a backup, or point --state at another file; slipway did not change it',
      cause: error,
    });
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    code === 'SQLITE_PERM' ||
    /unable to open|readonly/i.test(text)
  ) {
    return new UserError(`cannot open state store ${display} (${text})`, {
      hint: 'check the folder exists and is writable',
      cause: error,
    });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new UserError(`state store ${display} is busy (${text})`, {
      hint: 'another slipway process is writing; try again',
      cause: error,
    });
  }
  if (error instanceof BadRow) {
    const { message, hint } = badRowError(error, display);
    return new UserError(message, { hint, kind: 'environment', cause: error });
  }
  const table = missingTable(text);
  if (table !== undefined && ['resources', 'audit', 'locks', 'verifications'].includes(table))
    return new UserError(`state store ${display} has no table ${table} (${text})`, {
      hint: 'its schema is incomplete, though its migrations say otherwise: restore it from a backup, or point --state at another file; slipway did not change it',
      kind: 'environment',
      cause: error,
    });
  if (error instanceof z.ZodError || /no such table|no such column/i.test(text)) {
    return new UserError(`state store ${display} is not a Slipway state database (${text})`, {
      hint: 'point --state at a Slipway state file',
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(text);
}

/** A value made on first use, then kept. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

class SqliteStore implements StateStore {
  readonly description: string;
  private readonly stmts;

  constructor(
    private readonly db: Database,
    private readonly display: string,
    private readonly machine: string,
  ) {
    this.description = `sqlite ${display}`;
    this.stmts = {
      resources: db.prepare('SELECT * FROM resources WHERE env = ? ORDER BY kind, name'),
      upsert: db.prepare(
        `INSERT INTO resources (env, kind, name, body, hash, revision, applied_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (env, kind, name) DO UPDATE SET body = excluded.body, hash = excluded.hash, revision = excluded.revision,
           applied_at = excluded.applied_at, actor = excluded.actor`,
      ),
      remove: db.prepare('DELETE FROM resources WHERE env = ? AND kind = ? AND name = ?'),
      // Prepared when first used: a read-only store of an older schema has no columns to insert into.
      audit: lazy(() =>
        db.prepare(
          `INSERT INTO audit (id, ${auditColumns}, chain) VALUES (?, ${auditColumns
            .split(',')
            .map(() => '?')
            .join(', ')}, ?)`,
        ),
      ),
      // The id the next audit row gets (AUTOINCREMENT never reuses one), and the link it follows.
      nextAuditId: lazy(() =>
        db.prepare(
          "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0), COALESCE((SELECT MAX(id) FROM audit), 0)) + 1 AS id",
        ),
      ),
      lastLink: lazy(() => db.prepare('SELECT id, chain FROM audit WHERE env = ? ORDER BY id DESC LIMIT 1')),
      lastApply: db.prepare('SELECT * FROM audit WHERE env = ? ORDER BY id DESC LIMIT 1'),
      environments: db.prepare('SELECT env FROM resources UNION SELECT env FROM audit ORDER BY env'),
      lock: db.prepare('SELECT * FROM locks WHERE env = ?'),
      putLock: db.prepare(
        `INSERT INTO locks (env, id, owner, host, pid, acquired_at, expires_at, machine) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (env) DO UPDATE SET id = excluded.id, owner = excluded.owner, host = excluded.host, pid = excluded.pid,
           acquired_at = excluded.acquired_at, expires_at = excluded.expires_at, machine = excluded.machine`,
      ),
      renewLock: db.prepare('UPDATE locks SET expires_at = ? WHERE env = ? AND id = ?'),
      releaseLock: db.prepare('DELETE FROM locks WHERE env = ? AND id = ?'),
      removeLock: db.prepare('DELETE FROM locks WHERE env = ?'),
    };
  }

  private guard<T>(fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(storeError(error, this.display));
    }
  }

  resources(env: string): Promise<AppliedResource[]> {
    return this.guard(() => this.stmts.resources.all(env).map(toAppliedResource));
  }

  history(env: string, filter: HistoryFilter = {}): Promise<AuditEntry[]> {
    return this.guard(() => {
      const where = ['env = ?'];
      const params: Array<string | number> = [env];
      if (filter.kind !== undefined) {
        where.push('kind = ?');
        params.push(filter.kind);
      }
      if (filter.name !== undefined) {
        where.push('name = ?');
        params.push(filter.name);
      }
      let sql = `SELECT * FROM audit WHERE ${where.join(' AND ')} ORDER BY id DESC`;
      if (filter.limit !== undefined) {
        sql += ' LIMIT ?';
        params.push(filter.limit);
      }
      return this.db
        .prepare(sql)
        .all(...params)
        .map(toAuditEntry);
    });
  }

  verifyAudit(env: string): Promise<ChainVerdict> {
    return this.guard(() =>
      verifyChain(
        this.db.prepare('SELECT * FROM audit WHERE env = ? ORDER BY id').all(env) as Array<Record<string, unknown>>,
      ),
    );
  }

  environments(): Promise<string[]> {
    return this.guard(() => this.stmts.environments.all().map((r) => (r as { env: string }).env));
  }

  lastApply(env: string): Promise<AuditEntry | undefined> {
    return this.guard(() => {
      const row = this.stmts.lastApply.get(env);
      return row === undefined ? undefined : toAuditEntry(row);
    });
  }

  record(context: RecordContext, changes: readonly ChangeRecord[]): Promise<void> {
    return this.guard(() =>
      this.db
        .transaction(() => {
          const { env, revision, actor, at } = context;
          if (context.leaseId !== undefined) {
            const held = this.stmts.lock.get(env) as { id?: string } | undefined;
            if (held?.id !== context.leaseId) throw new LeaseLost(env, context.leaseId);
          }
          const last = this.stmts.lastLink().get(env) as { id: number; chain: string | null } | undefined;
          let previous = last?.chain ? { id: last.id, chain: last.chain } : undefined;
          for (const c of changes) {
            if (c.after === undefined) this.stmts.remove.run(env, c.kind, c.name);
            else {
              if (c.hash === undefined) throw new Error(`record: ${c.kind}/${c.name} has no hash`);
              this.stmts.upsert.run(env, c.kind, c.name, canonicalText(c.after), c.hash, revision, at, actor);
            }
            const values = auditValues(context, c);
            const id = (this.stmts.nextAuditId().get() as { id: number }).id;
            const chain = chainLink(previous, id, values);
            this.stmts.audit().run(id, ...values, chain);
            previous = { id, chain };
          }
        })
        .immediate(),
    );
  }

  recordVerification(run: VerificationRun): Promise<void> {
    return this.guard(() => {
      const insert = this.db.prepare(
        `INSERT INTO verifications (${verificationColumns}) VALUES (${verificationColumns
          .split(',')
          .map(() => '?')
          .join(', ')})`,
      );
      this.db.transaction(() => {
        for (const values of verificationValues(run)) insert.run(...values);
      })();
    });
  }

  lastVerifications(env: string, filter: { status?: string } = {}): Promise<RecordedVerification[]> {
    return this.guard(() => {
      // A store opened read-only at an older schema has no such table: nothing was recorded in it.
      const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'verifications'").get();
      if (has === undefined) return [];
      const params = filter.status === undefined ? [env] : [env, filter.status];
      return this.db
        .prepare(lastVerificationsSql(filter.status !== undefined, () => '?'))
        .all(...params)
        .map(toRecordedVerification);
    });
  }

  lock(env: string): Promise<LockLease | undefined> {
    return this.guard(() => {
      const row = this.stmts.lock.get(env);
      return row === undefined ? undefined : toLease(row);
    });
  }

  acquireLock<R>(lease: LockLease, takeOver: TakeOverPolicy<R>): Promise<LockAttempt<R>> {
    return this.guard(() =>
      this.db
        .transaction((): LockAttempt<R> => {
          const row = this.stmts.lock.get(lease.env);
          const attempt = decideLock(lease, row === undefined ? undefined : toLease(row), takeOver, {
            ours: this.machine,
            holder: machineOf(row),
          });
          if (attempt.acquired)
            this.stmts.putLock.run(
              lease.env,
              lease.id,
              lease.owner,
              lease.host,
              lease.pid,
              lease.acquiredAt,
              lease.expiresAt,
              this.machine,
            );
          return attempt;
        })
        .immediate(),
    );
  }

  renewLock(env: string, id: string, expiresAt: string): Promise<boolean> {
    return this.guard(() => this.stmts.renewLock.run(expiresAt, env, id).changes === 1);
  }

  releaseLock(env: string, id: string): Promise<void> {
    return this.guard(() => {
      this.stmts.releaseLock.run(env, id);
    });
  }

  forceUnlock(env: string): Promise<LockLease | undefined> {
    return this.guard(() =>
      this.db
        .transaction(() => {
          const row = this.stmts.lock.get(env);
          if (row === undefined) return undefined;
          this.stmts.removeLock.run(env);
          return toLease(row);
        })
        .immediate(),
    );
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
