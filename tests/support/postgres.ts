import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

// The libpq variables CI sets for its PostgreSQL service, else the local trust-auth server.
const { PGUSER = 'root', PGHOST = '127.0.0.1', PGPORT = '5432', PGDATABASE = 'test' } = process.env;
/** The server the PostgreSQL tests use: `SLIPWAY_TEST_PG`, else the libpq variables. */
export const PG_BASE = process.env.SLIPWAY_TEST_PG ?? `postgres://${PGUSER}@${PGHOST}:${PGPORT}/${PGDATABASE}`;

/** The real PostgreSQL of the test machine; without one (a laptop) its tests are skipped, saying so. */
async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
export const pgAvailable = await reachable();
if (!pgAvailable) console.warn(`PostgreSQL tests skipped: nothing answers at ${PG_BASE} (set SLIPWAY_TEST_PG)`);

const schemas: string[] = [];
afterAll(async () => {
  if (!pgAvailable || schemas.length === 0) return;
  await withPg(async (client) => {
    for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });
});

/** A store URL with a fresh schema, so tests never see each other's rows; dropped after the test file. */
export function freshPgUrl(): string {
  const schema = `slipway_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  schemas.push(schema);
  return `${PG_BASE}?schema=${schema}`;
}

/** The schema a URL from `freshPgUrl` names. */
export const schemaOf = (url: string): string => new URL(url).searchParams.get('schema')!;

/** Runs `fn` with a client of its own, connected to the test server. */
export async function withPg<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
