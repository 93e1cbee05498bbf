import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tree.js';
import { ALL_CHECKS, check, source, statuses, verify } from './support.js';

const HEADER = 'id,amount,currency,status,updated_at\n';
/** Four rows that pass every check below. */
const CLEAN = `${HEADER}1,10.5,USD,ok,2026-11-01T09:00:00Z
2,20,EUR,ok,2026-11-01T10:00:00Z
3,0,GBP,pending,2026-11-01T08:00:00Z
4,99.5,USD,ok,2026-11-01T07:00:00Z
`;
/** Stale (newest 2026-10-30), a duplicate id, a null amount, out-of-range amounts, a bad currency, an unknown status. */
const DIRTY = `${HEADER}1,10.5,USD,ok,2026-10-30T09:00:00Z
2,-20,EUR,ok,2026-10-29T10:00:00Z
2,,usd,lost,2026-10-28T08:00:00Z
4,150,USD,ok,2026-10-27T07:00:00Z
`;

const ALL_PASS = [
  ['accessible', 'pass'],
  ['schema', 'pass'],
  ['freshness:updated_at', 'pass'],
  ['dedup', 'pass'],
  ['notNull:amount', 'pass'],
  ['unique:id', 'pass'],
  ['range:amount', 'pass'],
  ['regex:currency', 'pass'],
  ['accepted:status', 'pass'],
  ['rowCount', 'pass'],
];
const ALL_FAIL = ALL_PASS.map(([name]) => [name, name === 'accessible' || name === 'rowCount' ? 'pass' : 'fail']);

let root: string;
beforeAll(async () => {
  root = tempDir('slipway-data-');
  writeFileSync(path.join(root, 'clean.csv'), CLEAN);
  writeFileSync(path.join(root, 'dirty.csv'), DIRTY);
  // Parquet written by DuckDB itself, from the same rows.
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const name of ['clean', 'dirty']) {
    const csv = path.join(root, `${name}.csv`).replace(/'/g, "''");
    const parquet = path.join(root, `${name}.parquet`).replace(/'/g, "''");
    await conn.run(`COPY (SELECT * FROM read_csv_auto('${csv}')) TO '${parquet}' (FORMAT parquet)`);
  }
  conn.closeSync();
  instance.closeSync();
  for (const name of ['clean', 'dirty']) {
    const db = new Database(path.join(root, `${name}.sqlite`));
    db.exec(
      'CREATE TABLE events (id INTEGER NOT NULL, amount REAL, currency TEXT, status TEXT, updated_at TEXT NOT NULL)',
    );
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
    for (const line of (name === 'clean' ? CLEAN : DIRTY).trim().split('\n').slice(1)) {
      const [id, amount, currency, status, at] = line.split(',');
      insert.run(Number(id), amount === '' ? null : Number(amount), currency, status, at);
    }
    db.close();
  }
});

const ENGINES = [
  { engine: 'csv', file: (n: string) => ({ path: `${n}.csv` }) },
  { engine: 'parquet', file: (n: string) => ({ path: `${n}.parquet` }) },
  { engine: 'sqlite', file: (n: string) => ({ path: `${n}.sqlite`, table: 'events' }) },
] as const;

describe.each(ENGINES)('$engine sources', ({ engine, file }) => {
  it('passes every check on clean data', async () => {
    const result = await verify(root, [source('clean', { engine, location: file('clean'), ...ALL_CHECKS })]);
    expect(statuses(result.sources[0])).toEqual(ALL_PASS);
    expect(result.sources[0]?.status).toBe('pass');
    const fresh = check(result.sources[0], 'freshness');
    expect(fresh.status === 'pass' && fresh.observed).toEqual({ newest: '2026-11-01T10:00:00.000Z', ageMs: 7_200_000 });
    expect(result.summary).toEqual({ passed: 10, failed: 0, errors: 0, skipped: 0 });
  });

  it('fails each check on dirty data, saying what it observed', async () => {
    const result = await verify(root, [source('dirty', { engine, location: file('dirty'), ...ALL_CHECKS })]);
    const s = result.sources[0];
    expect(statuses(s)).toEqual(ALL_FAIL);
    expect(s?.status).toBe('fail');
    const observed = (name: Parameters<typeof check>[1]) => {
      const c = check(s, name);
      return 'observed' in c ? c.observed : c.problem;
    };
    expect(observed('schema')).toEqual({ missing: [], mismatched: [], nulls: [{ column: 'amount', count: 1 }] });
    expect(observed('freshness')).toEqual({ newest: '2026-10-30T09:00:00.000Z', ageMs: (2 * 24 + 3) * 3_600_000 });
    expect(observed('dedup')).toEqual({ duplicateKeys: 1, example: { id: '2' } });
    expect(observed('notNull')).toEqual({ nulls: 1 });
    expect(observed('unique')).toEqual({ duplicateValues: 1, example: '2' });
    expect(observed('range')).toEqual({ outOfRange: 2, min: -20, max: 150 });
    expect(observed('regex')).toEqual({ notMatching: 1, example: 'usd' });
    expect(observed('accepted')).toEqual({ notAccepted: 1, example: 'lost' });
    expect(observed('rowCount')).toEqual({ rows: 4 });
    expect(result.summary).toEqual({ passed: 2, failed: 8, errors: 0, skipped: 0 });
  });

  it('reports a missing file (or table) as not accessible, and runs no other check', async () => {
    const location = engine === 'sqlite' ? { path: 'clean.sqlite', table: 'nope' } : { path: `nope.${engine}` };
    const result = await verify(root, [source('gone', { engine, location, ...ALL_CHECKS })]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'fail'],
      ...ALL_PASS.slice(1).map(([name]) => [name, 'skipped']),
    ]);
    expect(check(result.sources[0], 'accessible')).toMatchObject({ observed: { exists: false } });
    expect(check(result.sources[0], 'dedup')).toMatchObject({ problem: { reason: 'not-verified' } });
  });

  it('reports a declared column the data lacks, and errors the checks that need it', async () => {
    const spec = {
      ...ALL_CHECKS,
      schema: { columns: [...ALL_CHECKS.schema!.columns, { name: 'merchant', type: 'string' as const }] },
      quality: [{ check: 'notNull' as const, column: 'merchant' }],
    };
    const result = await verify(root, [source('clean', { engine, location: file('clean'), ...spec })]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['schema', 'fail'],
      ['freshness:updated_at', 'pass'],
      ['dedup', 'pass'],
      ['notNull:merchant', 'error'],
    ]);
    expect(check(result.sources[0], 'schema')).toMatchObject({ observed: { missing: ['merchant'] } });
    expect(check(result.sources[0], 'notNull')).toMatchObject({
      problem: { reason: 'column-missing', columns: ['merchant'] },
    });
    expect(result.sources[0]?.status).toBe('error');
  });
});
