import type { Client } from 'pg';
import { beforeDeadline, remaining } from './deadline.js';
import { scrub, urlSecrets } from './scrub.js';
import { EngineError, type DataConnection, type DataEngine, type EngineFailure, type SqlRow } from './types.js';

// Error codes that mean "could not get a session", as opposed to a statement that failed.
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  '3D000',
]);
const AUTH_CODES = new Set(['28P01', '28000']);
/** query_canceled: statement_timeout fired. */
const CANCELED = '57014';

/** PostgreSQL through `pg`: one client per source, read-only, with the source's budget as statement_timeout. */
export const postgresEngine: DataEngine = {
  async open(target, ctx) {
    if (target.engine !== 'postgres') throw new Error(`postgres engine given a ${target.engine} source`);
    const secrets = urlSecrets(target.url);
    const { default: pg } = await import('pg');
    const budget = remaining(ctx.deadline);
    const client = new pg.Client({
      connectionString: target.url,
      connectionTimeoutMillis: budget,
      statement_timeout: budget,
      application_name: 'slipway data verify',
      // Verification only reads; a read-only session makes sure of it. UTC makes text timestamps without an offset unambiguous.
      options: '-c default_transaction_read_only=on -c timezone=UTC',
    });
    // A server that goes away between queries must not crash the process.
    client.on('error', () => undefined);
    const end = (): void => void client.end().catch(() => undefined);
    try {
      await beforeDeadline(client.connect(), ctx.deadline, end);
    } catch (error) {
      end();
      throw failure(error, secrets, 'connect');
    }
    return connection(client, target.relation, ctx.deadline, secrets, end);
  },
};

function connection(
  client: Client,
  relation: DataConnection['relation'],
  deadline: number,
  secrets: readonly string[],
  end: () => void,
): DataConnection {
  return {
    dialect: 'postgres',
    relation,
    async run(query) {
      try {
        const result = await beforeDeadline(
          client.query<SqlRow>({
            text: query.sql,
            values: query.params.map((p) => (p !== null && typeof p === 'object' ? JSON.stringify(p.struct) : p)),
          }),
          deadline,
          end,
        );
        return result.rows;
      } catch (error) {
        throw failure(error, secrets, 'query');
      }
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** A typed, scrubbed failure from whatever `pg` threw. */
function failure(error: unknown, secrets: readonly string[], stage: 'connect' | 'query'): EngineError {
  if (error instanceof EngineError) return error;
  const code = (error as { code?: unknown }).code;
  let kind: EngineFailure = stage;
  if (typeof code === 'string' && AUTH_CODES.has(code)) kind = 'auth';
  else if (code === CANCELED) kind = 'timeout';
  else if (typeof code === 'string' && CONNECT_CODES.has(code)) kind = 'connect';
  return new EngineError(kind, scrub(messageOf(error), secrets));
}

/** The message, or those of the attempts inside an AggregateError (one per address of a host name). */
function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message)
    return error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  return error instanceof Error ? error.message : String(error);
}
