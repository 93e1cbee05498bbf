import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { beforeDeadline } from './deadline.js';
import { scrub } from './scrub.js';
import { EngineError, type DataConnection, type DataEngine, type SqlRow, type SqlScalar } from './types.js';

/**
 * CSV and Parquet files through DuckDB (`read_csv_auto`, `read_parquet`): DuckDB scans the file in
 * place and hands back only the aggregates. Each source gets an in-memory instance confined to the
 * repository, so a path, a glob or a crafted query can read nothing else.
 */
export const duckdbEngine: DataEngine = {
  async open(target, ctx) {
    if (target.engine !== 'csv' && target.engine !== 'parquet')
      throw new Error(`duckdb engine given a ${target.engine} source`);
    let api: typeof import('@duckdb/node-api');
    try {
      api = await import('@duckdb/node-api');
    } catch (error) {
      throw new EngineError(
        'driver',
        `@duckdb/node-api cannot be loaded (${error instanceof Error ? error.message : ''})`,
      );
    }
    let instance: DuckDBInstance | undefined;
    let conn: DuckDBConnection | undefined;
    const release = (): void => {
      conn?.closeSync();
      instance?.closeSync();
    };
    try {
      instance = await api.DuckDBInstance.create(':memory:');
      conn = await instance.connect();
      const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
      // Settings take no parameters: the root is written as a quoted literal. Order matters: once
      // external access is off and the configuration locked, nothing can widen them.
      await conn.run("SET TimeZone = 'UTC'");
      await conn.run(`SET allowed_directories = [${literal(ctx.root.endsWith('/') ? ctx.root : `${ctx.root}/`)}]`);
      await conn.run('SET enable_external_access = false');
      await conn.run('SET lock_configuration = true');
    } catch (error) {
      release();
      throw new EngineError('driver', scrub(error instanceof Error ? error.message : String(error), []));
    }
    const opened = conn;
    return {
      dialect: 'duckdb',
      relation: target.relation,
      async run(query) {
        try {
          const params = query.params.map((p) =>
            p !== null && typeof p === 'object' ? api.structValue({ ...p.struct }) : p,
          );
          const reader = await beforeDeadline(opened.runAndReadAll(query.sql, params), ctx.deadline, () =>
            opened.interrupt(),
          );
          return reader.getRowObjectsJS().map(toRow);
        } catch (error) {
          if (error instanceof EngineError) throw error;
          throw new EngineError('query', scrub(error instanceof Error ? error.message : String(error), []));
        }
      },
      async close() {
        try {
          release();
        } catch {
          // Closing after an interrupt can fail; the instance is gone either way.
        }
      },
    } satisfies DataConnection;
  },
};

/** DuckDB's JS values as scalars: the aggregates are numbers, text and timestamps; anything else becomes text. */
function toRow(row: Record<string, unknown>): SqlRow {
  const out: Record<string, SqlScalar> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'bigint' ||
      typeof value === 'boolean' ||
      value instanceof Date
        ? value
        : JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
  return out;
}
