import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { beforeDeadline } from './deadline.js';
import { scrub } from './scrub.js';
import { EngineError, type DataConnection, type DataEngine, type SqlRow, type SqlValue } from './types.js';

/**
 * The thread a SQLite source runs in. better-sqlite3 is synchronous and cannot be interrupted, so
 * the statement runs on its own thread, which the deadline can terminate; the main thread stays
 * free for the other sources meanwhile. It is evaluated from this string (plain CommonJS) so that
 * it runs the same from the compiled CLI and from the TypeScript sources under test.
 *
 * SQLite has no regular expressions: `regexp(pattern, value)` is registered on the connection, in
 * JavaScript's syntax, so `regex` checks still run inside the engine, row by row, in that thread.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const fail = (id, error) => parentPort.postMessage({ id, ok: false, message: String(error && error.message || error) });
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const compiled = new Map();
  db.function('regexp', { deterministic: true }, (pattern, value) => {
    if (pattern === null || value === null) return null;
    let re = compiled.get(pattern);
    if (!re) compiled.set(pattern, (re = new RegExp(pattern)));
    return re.test(String(value)) ? 1 : 0;
  });
  parentPort.postMessage({ id: 0, ok: true, rows: [] });
} catch (error) {
  fail(0, error);
}
parentPort.on('message', ({ id, sql, params }) => {
  try {
    parentPort.postMessage({ id, ok: true, rows: db.prepare(sql).all(...params) });
  } catch (error) {
    fail(id, error);
  }
});
`;

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
    const worker = new Worker(THREAD, { eval: true, workerData: { driver, file: target.path }, execArgv: [] });
    const pending = new Map<number, (reply: Reply) => void>();
    let ended: string | undefined;
    const endAll = (message: string): void => {
      ended ??= message;
      for (const [id, resolve] of pending) resolve({ id, ok: false, message });
      pending.clear();
    };
    worker.on('message', (reply: Reply) => {
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    worker.on('error', (error) => endAll(error.message));
    worker.on('exit', () => endAll('the SQLite thread stopped'));
    const terminate = (): void => void worker.terminate().catch(() => undefined);

    let nextId = 0;
    const call = (sql: string, params: readonly SqlValue[]): Promise<Reply> => {
      const id = nextId++;
      if (ended !== undefined) return Promise.resolve({ id, ok: false, message: ended });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (id > 0) worker.postMessage({ id, sql, params });
      });
    };

    const ready = await beforeDeadline(call('', []), ctx.deadline, terminate).catch((error: unknown) => {
      terminate();
      throw error;
    });
    if (!ready.ok) {
      terminate();
      throw new EngineError('connect', scrub(ready.message, []));
    }
    return {
      dialect: 'sqlite',
      relation: target.relation,
      async run(query) {
        // SQLite binds no booleans: they are 1 and 0 there.
        const params = query.params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
        const reply = await beforeDeadline(call(query.sql, params), ctx.deadline, terminate);
        if (!reply.ok) throw new EngineError('query', scrub(reply.message, []));
        return reply.rows;
      },
      async close() {
        await worker.terminate().catch(() => undefined);
      },
    } satisfies DataConnection;
  },
};
