import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { beforeDeadline } from './deadline.js';
import { scrub } from './scrub.js';
import { EngineError, type DataConnection, type DataEngine, type SqlRow, type SqlValue } from './types.js';

/**
 * The process a SQLite source runs in. better-sqlite3 is synchronous and has no way to interrupt a
 * statement, and a worker thread cannot be stopped while native code runs, so each SQLite source
 * gets a child process that the deadline can kill at once; the main thread stays free for the
 * other sources meanwhile. The child runs this CommonJS text (`node -e`), so it is the same from
 * the compiled CLI and from the TypeScript sources under test.
 *
 * SQLite has no regular expressions: `regexp(pattern, value)` is registered on the connection, in
 * JavaScript's syntax, so `regex` checks still run inside the engine, in that process.
 */
const CHILD = `
const fail = (id, error) => process.send({ id, ok: false, message: String((error && error.message) || error) });
let db;
process.on('message', ({ id, sql, params, open }) => {
  try {
    if (open) {
      const Database = require(open.driver);
      db = new Database(open.file, { readonly: true, fileMustExist: true });
      const compiled = new Map();
      db.function('regexp', { deterministic: true }, (pattern, value) => {
        if (pattern === null || value === null) return null;
        let re = compiled.get(pattern);
        if (!re) compiled.set(pattern, (re = new RegExp(pattern)));
        return re.test(String(value)) ? 1 : 0;
      });
      process.send({ id, ok: true, rows: [] });
    } else {
      process.send({ id, ok: true, rows: db.prepare(sql).all(...params) });
    }
  } catch (error) {
    fail(id, error);
  }
});
`;

type Request = { id: number; open?: { driver: string; file: string }; sql?: string; params?: SqlValue[] };
type Reply = { id: number; ok: true; rows: SqlRow[] } | { id: number; ok: false; message: string };

/** SQLite files through better-sqlite3, opened read-only and only if they exist. */
export const sqliteEngine: DataEngine = {
  async open(target, ctx) {
    if (target.engine !== 'sqlite') throw new Error(`sqlite engine given a ${target.engine} source`);
    let driver: string;
    try {
      driver = createRequire(import.meta.url).resolve('better-sqlite3');
    } catch {
      throw new EngineError('driver', 'better-sqlite3 is not installed');
    }
    // The child needs no flags of this process (a test runner's loaders) and none of its environment.
    const child = spawn(process.execPath, ['-e', CHILD], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
      env: {},
    });
    const pending = new Map<number, (reply: Reply) => void>();
    let ended: string | undefined;
    const endAll = (message: string): void => {
      ended ??= message;
      for (const [id, resolve] of pending) resolve({ id, ok: false, message });
      pending.clear();
    };
    child.on('message', (reply: Reply) => {
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    child.on('error', (error) => endAll(error.message));
    child.on('exit', () => endAll('the SQLite process stopped'));
    const kill = (): void => void child.kill('SIGKILL');

    let nextId = 0;
    const call = (message: Omit<Request, 'id'>): Promise<Reply> => {
      const id = nextId++;
      if (ended !== undefined) return Promise.resolve({ id, ok: false, message: ended });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        // A child that already died refuses the message: answer the call instead of waiting forever.
        child.send({ id, ...message }, (error) => {
          if (!error) return;
          pending.delete(id);
          resolve({ id, ok: false, message: error.message });
        });
      });
    };

    const ready = await beforeDeadline(call({ open: { driver, file: target.path } }), ctx.deadline, kill).catch(
      (error: unknown) => {
        kill();
        throw error;
      },
    );
    if (!ready.ok) {
      kill();
      throw new EngineError('connect', scrub(ready.message, []));
    }
    return {
      dialect: 'sqlite',
      relation: target.relation,
      async run(query) {
        // SQLite binds no booleans: they are 1 and 0 there. Structs are DuckDB's alone.
        const params = query.params.map((p) =>
          typeof p === 'boolean' ? (p ? 1 : 0) : p !== null && typeof p === 'object' ? JSON.stringify(p.struct) : p,
        );
        const reply = await beforeDeadline(call({ sql: query.sql, params }), ctx.deadline, kill);
        if (!reply.ok) throw new EngineError('query', scrub(reply.message, []));
        return reply.rows;
      },
      async close() {
        kill();
      },
    } satisfies DataConnection;
  },
};
