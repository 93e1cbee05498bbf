import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckdbEngine } from '../../src/engines/duckdb.js';
import { tempDir } from '../support/tree.js';
import { check, source, statuses, verify } from './support.js';

let root: string;
beforeAll(async () => {
  root = tempDir('slipway-engines-');
  writeFileSync(
    path.join(root, 'codes.csv'),
    'code,score,seen\nUSD,1,2026-11-01T11:00:00Z\nEUR,2,2026-11-01T11:30:00Z\n',
  );
  writeFileSync(path.join(root, 'empty.csv'), 'code,score,seen\n');
  const db = new Database(path.join(root, 'slow.sqlite'));
  // A view that counts to fifty million: far longer than the timeout the test gives it.
  db.exec(`CREATE TABLE t (code TEXT, seen INTEGER);
    INSERT INTO t VALUES ('USD', 1793530800), ('EUR', NULL);
    CREATE VIEW slow AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000000) SELECT i AS code FROM n;`);
  db.close();
  // A CSV big enough that scanning it twice takes DuckDB well over the timeout.
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const big = path.join(root, 'big.csv').replace(/'/g, "''");
  await conn.run(`COPY (SELECT range AS id, range % 97 AS k FROM range(4000000)) TO '${big}' (HEADER)`);
  conn.closeSync();
  instance.closeSync();
});

describe('engine behaviour', () => {
  it('a declared type the data does not have fails schema, naming both types', async () => {
    const result = await verify(root, [
      source('codes', {
        engine: 'csv',
        location: { path: 'codes.csv' },
        schema: {
          columns: [
            { name: 'code', type: 'integer' },
            { name: 'score', type: 'number' },
            { name: 'seen', type: 'date' },
          ],
        },
      }),
    ]);
    expect(check(result.sources[0], 'schema')).toMatchObject({
      status: 'fail',
      observed: {
        missing: [],
        mismatched: [
          { column: 'code', declared: 'integer', actual: 'VARCHAR' },
          { column: 'seen', declared: 'date', actual: 'TIMESTAMP WITH TIME ZONE' },
        ],
        nulls: [],
      },
    });
  });

  it('an empty source fails freshness with no newest row, and rowCount with 0 rows', async () => {
    const result = await verify(root, [
      source('empty', {
        engine: 'csv',
        location: { path: 'empty.csv' },
        freshness: { maxAge: '1d', column: 'seen' },
        quality: [{ check: 'rowCount', min: 1 }],
      }),
    ]);
    expect(check(result.sources[0], 'freshness')).toMatchObject({
      status: 'fail',
      observed: { newest: null, ageMs: null },
    });
    expect(check(result.sources[0], 'rowCount')).toMatchObject({ status: 'fail', observed: { rows: 0 } });
  });

  it('DuckDB: a pattern RE2 rejects errors that check alone', async () => {
    const result = await verify(root, [
      source('codes', {
        engine: 'csv',
        location: { path: 'codes.csv' },
        quality: [
          { check: 'regex', column: 'code', pattern: '^(?!XXX)[A-Z]{3}$' },
          { check: 'accepted', column: 'score', values: [1, '2', 'three'] },
        ],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['regex:code', 'error'],
      ['accepted:score', 'pass'],
    ]);
    expect(check(result.sources[0], 'regex')).toMatchObject({ problem: { reason: 'query' } });
  });

  it('SQLite: regex runs in the engine with JavaScript syntax; epoch numbers and ISO text both date a row', async () => {
    const result = await verify(root, [
      source('t', {
        engine: 'sqlite',
        location: { path: 'slow.sqlite', table: 't' },
        freshness: { maxAge: '1h', column: 'seen' },
        quality: [
          { check: 'regex', column: 'code', pattern: '^(?!EUR)[A-Z]{3}$' },
          { check: 'regex', column: 'code', pattern: '[' },
        ],
      }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['freshness:seen', 'pass'],
      ['regex:code', 'fail'],
      ['regex:code', 'error'],
    ]);
    expect(result.sources[0]?.checks[1]).toMatchObject({ observed: { newest: '2026-11-01T11:00:00.000Z' } });
    expect(result.sources[0]?.checks[2]).toMatchObject({ observed: { notMatching: 1, example: 'EUR' } });
  });

  it('SQLite: a statement past the timeout is stopped by killing its process', async () => {
    const started = Date.now();
    const result = await verify(
      root,
      [
        source('slow', {
          engine: 'sqlite',
          location: { path: 'slow.sqlite', table: 'slow' },
          quality: [{ check: 'rowCount', min: 1 }],
        }),
      ],
      { timeoutMs: 500 },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['rowCount', 'error'],
    ]);
    expect(check(result.sources[0], 'rowCount')).toMatchObject({ problem: { reason: 'timeout' } });
  });

  it('DuckDB: a scan past the timeout is interrupted', async () => {
    const started = Date.now();
    const result = await verify(
      root,
      [
        source('big', {
          engine: 'csv',
          location: { path: 'big.csv' },
          dedup: { keys: ['id'] },
          quality: [{ check: 'unique', column: 'k' }],
        }),
      ],
      { timeoutMs: 150 },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    const problems = result.sources[0]?.checks.flatMap((c) => ('problem' in c ? [c.problem.reason] : []));
    expect(problems).toContain('timeout');
    expect(result.sources[0]?.status).toBe('error');
  });

  it('DuckDB is confined to the repository: a file outside it cannot be read, even when asked directly', async () => {
    const outside = tempDir('slipway-outside-');
    writeFileSync(path.join(outside, 'x.csv'), 'a\n1\n');
    const relation = { kind: 'csv', path: path.join(outside, 'x.csv') } as const;
    const connection = await duckdbEngine.open(
      { engine: 'csv', path: relation.path, relation },
      { deadline: Date.now() + 10_000, root },
    );
    try {
      await expect(
        connection.run({ sql: 'SELECT COUNT(*) AS n FROM read_csv_auto($1)', params: [relation.path] }),
      ).rejects.toMatchObject({
        failure: 'query',
        detail: expect.stringMatching(/Permission Error/),
      });
      await expect(connection.run({ sql: 'SET enable_external_access = true', params: [] })).rejects.toMatchObject({
        failure: 'query',
      });
    } finally {
      await connection.close();
    }
  });

  it('a CSV glob inside the repository reads every file it matches as one source (codes.csv and empty.csv)', async () => {
    const result = await verify(root, [
      source('all', { engine: 'csv', location: { path: '*e*.csv' }, quality: [{ check: 'rowCount', min: 2, max: 2 }] }),
    ]);
    expect(statuses(result.sources[0])).toEqual([
      ['accessible', 'pass'],
      ['rowCount', 'pass'],
    ]);
  });
});
