import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataSourceSpec } from '../../src/kinds/index.js';
import { formatVerifyJson, formatVerifyJunit, formatVerifyText } from '../../src/format/data-verify.js';
import { PG_BASE, pgAvailable } from '../support/postgres.js';
import { tempDir } from '../support/tree.js';
import { ALL_CHECKS, check, source, statuses, verify } from './support.js';

const schemas: string[] = [];
const roles: string[] = [];
afterAll(async () => {
  if (!pgAvailable) return;
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  for (const r of roles) await client.query(`DROP ROLE IF EXISTS "${r}"`);
  await client.end();
});

/** A fresh schema holding what `sql` creates (`$S` stands for the schema); returns its name. */
async function freshSchema(sql: string): Promise<string> {
  const schema = `slipway_data_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  schemas.push(schema);
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(sql.replaceAll('$S', `"${schema}"`));
  } finally {
    await client.end();
  }
  return schema;
}

const EVENTS = `CREATE TABLE $S.events (id integer NOT NULL, amount numeric(10,2), currency text, status varchar(20), updated_at timestamptz NOT NULL);`;
const CLEAN = `${EVENTS}
INSERT INTO $S.events VALUES
  (1, 10.5, 'USD', 'ok', '2026-11-01T09:00:00Z'), (2, 20, 'EUR', 'ok', '2026-11-01T10:00:00Z'),
  (3, 0, 'GBP', 'pending', '2026-11-01T08:00:00Z'), (4, 99.5, 'USD', 'ok', '2026-11-01T07:00:00Z');`;
const DIRTY = `${EVENTS}
INSERT INTO $S.events VALUES
  (1, 10.5, 'USD', 'ok', '2026-10-30T09:00:00Z'), (2, -20, 'EUR', 'ok', '2026-10-29T10:00:00Z'),
  (2, NULL, 'usd', 'lost', '2026-10-28T08:00:00Z'), (4, 150, 'USD', 'ok', '2026-10-27T07:00:00Z');`;

const CHECKS = { ...ALL_CHECKS, connection: { secretRef: { provider: 'env' as const, key: 'TEST_WAREHOUSE_URL' } } };
const NAMES = [
  'accessible',
  'schema',
  'freshness:updated_at',
  'dedup',
  'notNull:amount',
  'unique:id',
  'range:amount',
  'regex:currency',
  'accepted:status',
  'rowCount',
];

const pgSource = (schema: string, table = 'events', over: Partial<DataSourceSpec> = {}) =>
  source('events', {
    engine: 'postgres',
    type: 'warehouse',
    location: { table: `${schema}.${table}` },
    ...CHECKS,
    ...over,
  });
const run = (url: string, sources: ReturnType<typeof pgSource>[], timeoutMs?: number) =>
  verify(tempDir(), sources, { env: { TEST_WAREHOUSE_URL: url }, ...(timeoutMs ? { timeoutMs } : {}) });

/** Every way a result leaves Slipway: JSON, text and JUnit. */
const everyOutput = (result: Awaited<ReturnType<typeof run>>): string =>
  [JSON.stringify(result), formatVerifyJson(result), formatVerifyText(result), formatVerifyJunit(result)].join('\n');

/** PG_BASE with a user and password spliced in. */
function withCredentials(user: string, password: string, overrides: { port?: string; database?: string } = {}): string {
  const url = new URL(PG_BASE);
  url.username = user;
  url.password = password;
  if (overrides.port) url.port = overrides.port;
  if (overrides.database) url.pathname = `/${overrides.database}`;
  return url.toString();
}

describe.skipIf(!pgAvailable)('postgres sources', () => {
  it('passes every check on clean data', async () => {
    const schema = await freshSchema(CLEAN);
    const result = await run(PG_BASE, [pgSource(schema)]);
    expect(statuses(result.sources[0])).toEqual(NAMES.map((n) => [n, 'pass']));
    expect(check(result.sources[0], 'freshness')).toMatchObject({
      observed: { newest: '2026-11-01T10:00:00.000Z', ageMs: 7_200_000 },
    });
  });

  it('fails each check on dirty data, saying what it observed', async () => {
    const schema = await freshSchema(DIRTY);
    const s = (await run(PG_BASE, [pgSource(schema)])).sources[0];
    expect(statuses(s)).toEqual(NAMES.map((n) => [n, n === 'accessible' || n === 'rowCount' ? 'pass' : 'fail']));
    const observed = (name: Parameters<typeof check>[1]) => {
      const c = check(s, name);
      return 'observed' in c ? c.observed : c.problem;
    };
    expect(observed('schema')).toEqual({ missing: [], mismatched: [], nulls: [{ column: 'amount', count: 1 }] });
    expect(observed('freshness')).toEqual({ newest: '2026-10-30T09:00:00.000Z', ageMs: 51 * 3_600_000 });
    expect(observed('dedup')).toEqual({ duplicateKeys: 1, example: { id: '2' } });
    expect(observed('notNull')).toEqual({ nulls: 1 });
    expect(observed('unique')).toEqual({ duplicateValues: 1, example: '2' });
    expect(observed('range')).toEqual({ outOfRange: 2, min: -20, max: 150 });
    expect(observed('regex')).toEqual({ notMatching: 1, example: 'usd' });
    expect(observed('accepted')).toEqual({ notAccepted: 1, example: 'lost' });
  });

  it('a missing table is not accessible; a missing column errors the checks that need it', async () => {
    const schema = await freshSchema(CLEAN);
    const result = await run(PG_BASE, [
      pgSource(schema, 'nope'),
      pgSource(schema, 'events', {
        schema: { columns: [{ name: 'merchant', type: 'string' }] },
        freshness: { maxAge: '1h', column: 'loaded_at' },
        dedup: { keys: ['id', 'merchant'] },
        quality: [],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([['accessible', 'fail'], ...NAMES.slice(1).map((n) => [n, 'skipped'])]);
    expect(statuses(result.sources[1])).toEqual([
      ['accessible', 'pass'],
      ['schema', 'fail'],
      ['freshness:loaded_at', 'error'],
      ['dedup', 'error'],
    ]);
    expect(check(result.sources[1], 'dedup')).toMatchObject({
      problem: { reason: 'column-missing', columns: ['merchant'] },
    });
  });

  it('quotes every name: mixed case, reserved words and quotes in names reach the engine as identifiers', async () => {
    const schema = await freshSchema(
      `CREATE TABLE $S."Odd ""Table""" ("Amount" numeric, "select" text); INSERT INTO $S."Odd ""Table""" VALUES (1, 'a'), (NULL, 'b');`,
    );
    const result = await run(PG_BASE, [
      pgSource(schema, 'Odd "Table"', {
        schema: {
          columns: [
            { name: 'Amount', type: 'number' },
            { name: 'select', type: 'string' },
          ],
        },
        freshness: undefined,
        dedup: { keys: ['select'] },
        quality: [
          { check: 'notNull', column: 'Amount' },
          { check: 'accepted', column: 'select', values: ["a'); DROP TABLE x; --", 'a'] },
          { check: 'notNull', column: 'x"; DROP SCHEMA public; --' },
        ],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['schema', 'pass'],
      ['dedup', 'pass'],
      ['notNull:Amount', 'fail'],
      ['accepted:select', 'fail'],
      ['notNull:x"; DROP SCHEMA public; --', 'error'],
    ]);
    expect(check(result.sources[0], 'accepted')).toMatchObject({ observed: { notAccepted: 1, example: 'b' } });
  });

  it('fractional bounds and accepted values against an integer column compare as numbers', async () => {
    const schema = await freshSchema(CLEAN);
    const result = await run(PG_BASE, [
      pgSource(schema, 'events', {
        schema: undefined,
        freshness: undefined,
        dedup: undefined,
        quality: [
          { check: 'range', column: 'id', min: 0.5, max: 3.5 },
          { check: 'accepted', column: 'id', values: [1, 2.5, '3', 4, 'x'] },
        ],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['range:id', 'fail'],
      ['accepted:id', 'fail'],
    ]);
    expect(check(result.sources[0], 'range')).toMatchObject({ observed: { outOfRange: 1, min: 1, max: 4 } });
    expect(check(result.sources[0], 'accepted')).toMatchObject({ observed: { notAccepted: 1, example: '2' } });
  });

  it('a pattern PostgreSQL rejects errors that check alone; the others still get their verdict', async () => {
    const schema = await freshSchema(CLEAN);
    const result = await run(PG_BASE, [
      pgSource(schema, 'events', {
        quality: [
          { check: 'regex', column: 'currency', pattern: '^(?<code>[A-Z]{3})$' },
          { check: 'notNull', column: 'amount' },
        ],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['schema', 'pass'],
      ['freshness:updated_at', 'pass'],
      ['dedup', 'pass'],
      ['regex:currency', 'error'],
      ['notNull:amount', 'pass'],
    ]);
    const regex = check(result.sources[0], 'regex');
    expect(regex.status === 'error' && regex.problem).toMatchObject({ reason: 'query' });
    expect(regex.status === 'error' && 'detail' in regex.problem && regex.problem.detail).toMatch(
      /invalid regular expression/,
    );
  });

  it('an unreachable server is an error naming the failure, and the password never shows', async () => {
    const url = withCredentials('root', 'S3cret-Unreachable!', { port: '1' });
    const started = Date.now();
    const result = await run(url, [pgSource('analytics')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'error'],
      ...NAMES.slice(1).map((n) => [n, 'skipped']),
    ]);
    const accessible = check(result.sources[0], 'accessible');
    expect(accessible.status === 'error' && accessible.problem).toEqual({
      reason: 'connect',
      detail: 'connect ECONNREFUSED 127.0.0.1:1',
    });
    expect(result.sources[0]?.status).toBe('error');
    const out = everyOutput(result);
    expect(out).not.toContain('S3cret-Unreachable');
    expect(out).not.toContain(encodeURIComponent('S3cret-Unreachable!'));
  });

  it('a wrong password is refused (or, on a trust-auth server, accepted) and never shows in any output', async () => {
    const schema = await freshSchema(DIRTY);
    const role = `slipway_pw_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    roles.push(role);
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD 'the-right-one'`);
    await admin.query(
      `GRANT USAGE ON SCHEMA "${schema}" TO "${role}"; GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`,
    );
    await admin.end();
    const password = 'Wr0ng-P@ss/word';
    const result = await run(withCredentials(role, password), [
      pgSource(schema, 'events', { quality: [{ check: 'regex', column: 'currency', pattern: '(?<x>a)' }] }),
    ]);
    const accessible = check(result.sources[0], 'accessible');
    // The local test server trusts every connection; a CI server with password auth refuses it.
    if (accessible.status === 'error') expect(accessible.problem).toMatchObject({ reason: 'auth' });
    else expect(accessible.status).toBe('pass');
    const out = everyOutput(result);
    for (const secret of [password, encodeURIComponent(password), 'the-right-one']) expect(out).not.toContain(secret);
  });

  it('a database that does not exist is a connect error, without the password', async () => {
    const result = await run(withCredentials('root', 'Db-Secret-123', { database: 'no_such_db_slipway' }), [
      pgSource('analytics'),
    ]);
    const accessible = check(result.sources[0], 'accessible');
    expect(accessible.status === 'error' && accessible.problem).toEqual({
      reason: 'connect',
      detail: 'database "no_such_db_slipway" does not exist',
    });
    expect(everyOutput(result)).not.toContain('Db-Secret-123');
  });

  it('a source slower than its timeout is cut off by statement_timeout; the next source still runs', async () => {
    const schema = await freshSchema(
      `${CLEAN} CREATE VIEW $S.slow AS SELECT e.* FROM $S.events e CROSS JOIN LATERAL (SELECT pg_sleep(2)) s;`,
    );
    const started = Date.now();
    const result = await run(PG_BASE, [pgSource(schema, 'slow'), pgSource(schema)], 700);
    expect(Date.now() - started).toBeLessThan(4000);
    const slow = result.sources[0];
    expect(check(slow, 'accessible').status).toBe('pass');
    expect(check(slow, 'dedup')).toMatchObject({ status: 'error', problem: { reason: 'timeout' } });
    expect(slow?.status).toBe('error');
    expect(result.sources[1]?.status).toBe('pass');
  });
});
