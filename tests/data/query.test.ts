import { describe, expect, it } from 'vitest';
import { buildAggregate } from '../../src/data/query/aggregate.js';
import { describeQuery } from '../../src/data/query/describe.js';
import { compatible, familyOf } from '../../src/data/query/families.js';
import type { Measure } from '../../src/data/query/measures.js';

const HOSTILE = "x'); DROP TABLE t; --";
const MEASURES: Measure[] = [
  { kind: 'rows' },
  { kind: 'nulls', column: 'amount' },
  { kind: 'nulls', column: 'amount' },
  { kind: 'outside', column: 'amount', min: 0 },
  { kind: 'mismatch', column: 'code', pattern: HOSTILE },
  { kind: 'rejected', column: 'status', compare: 'native', values: [HOSTILE, 'ok'] },
  { kind: 'duplicates', columns: ['id', 'day'] },
];

describe('the query builder', () => {
  it('PostgreSQL: one statement, one scan for the plain aggregates and one group-by per duplicate search', () => {
    const plan = buildAggregate('postgres', { kind: 'table', parts: ['analytics', 'tx'] }, MEASURES);
    expect(plan.query.sql).toBe(
      'SELECT * FROM (SELECT COUNT(*) AS m0, COUNT(*) FILTER (WHERE "amount" IS NULL) AS m1, ' +
        'COUNT(*) FILTER (WHERE "amount" < CAST($1 AS NUMERIC)) AS m2_n, MIN("amount") AS m2_lo, MAX("amount") AS m2_hi, ' +
        'COUNT(*) FILTER (WHERE "code" IS NOT NULL AND NOT (CAST("code" AS TEXT) ~ $2)) AS m3_n, ' +
        'MIN(CASE WHEN "code" IS NOT NULL AND NOT (CAST("code" AS TEXT) ~ $3) THEN CAST("code" AS TEXT) END) AS m3_ex, ' +
        'COUNT(*) FILTER (WHERE "status" IS NOT NULL AND "status" NOT IN ($4, $5)) AS m4_n, ' +
        'MIN(CASE WHEN "status" IS NOT NULL AND "status" NOT IN ($6, $7) THEN CAST("status" AS TEXT) END) AS m4_ex ' +
        'FROM "analytics"."tx") AS s CROSS JOIN (SELECT COUNT(*) AS m5_n, MAX(CASE WHEN rn = 1 THEN k0 END) AS m5_k0, ' +
        'MAX(CASE WHEN rn = 1 THEN k1 END) AS m5_k1 FROM (SELECT CAST("id" AS TEXT) AS k0, CAST("day" AS TEXT) AS k1, ' +
        'ROW_NUMBER() OVER (ORDER BY "id" NULLS LAST, "day" NULLS LAST) AS rn FROM "analytics"."tx" ' +
        'GROUP BY "id", "day" HAVING COUNT(*) > 1) AS d) AS g5',
    );
    expect(plan.query.params).toEqual([0, HOSTILE, HOSTILE, HOSTILE, 'ok', HOSTILE, 'ok']);
  });

  it('reads the measures back from the one row, numbers from strings and bigints', () => {
    const plan = buildAggregate('postgres', { kind: 'table', parts: ['tx'] }, MEASURES);
    const values = plan.read({
      m0: '10',
      m1: 2n,
      m2_n: '1',
      m2_lo: '-3.5',
      m2_hi: '9',
      m3_n: 0,
      m3_ex: null,
      m4_n: '4',
      m4_ex: 'lost',
      m5_n: '1',
      m5_k0: '7',
      m5_k1: null,
    });
    expect([...values.values()]).toEqual([
      { kind: 'rows', count: 10 },
      { kind: 'nulls', count: 2 },
      { kind: 'outside', count: 1, min: -3.5, max: 9 },
      { kind: 'mismatch', count: 0, example: null },
      { kind: 'rejected', count: 4, example: 'lost' },
      { kind: 'duplicates', count: 1, example: ['7', null] },
    ]);
  });

  it('SQLite and DuckDB: their placeholders, regular expressions and file scans; values only ever as parameters', () => {
    const sqlite = buildAggregate('sqlite', { kind: 'table', parts: ['t"x'] }, MEASURES).query;
    expect(sqlite.sql).toContain('NOT (regexp(?, CAST("code" AS TEXT)))');
    expect(sqlite.sql).toContain('FROM "t""x"');
    expect(sqlite.sql).not.toMatch(/\$\d/);
    const duck = buildAggregate('duckdb', { kind: 'parquet', path: "/r/it's.parquet" }, MEASURES).query;
    expect(duck.sql).toContain('NOT (regexp_matches(CAST("code" AS VARCHAR), $2))');
    expect(duck.sql).toContain('FROM read_parquet($8)');
    expect(duck.params.slice(7)).toEqual(["/r/it's.parquet", "/r/it's.parquet"]);
    for (const q of [sqlite, duck]) expect(q.sql).not.toContain('DROP');
    expect(sqlite.params.length).toBe((sqlite.sql.match(/\?/g) ?? []).length);
  });

  it('describes a relation with one catalog query', () => {
    expect(describeQuery('sqlite', { kind: 'table', parts: ['events'] })).toEqual({
      sql: 'SELECT name, type FROM pragma_table_info(?, ?)',
      params: ['events', 'main'],
    });
    expect(describeQuery('duckdb', { kind: 'csv', path: '/r/a.csv' })).toEqual({
      sql: 'DESCRIBE SELECT * FROM read_csv_auto($1)',
      params: ['/r/a.csv'],
    });
    expect(describeQuery('postgres', { kind: 'table', parts: ['a', 'B"c'] }).params).toEqual(['"a"."B""c"']);
  });

  it('maps native types to declared ones, loosely for SQLite', () => {
    expect(familyOf('postgres', 'timestamp with time zone')).toBe('timestamp');
    expect(familyOf('postgres', 'character varying(20)')).toBe('string');
    expect(familyOf('postgres', 'integer[]')).toBe('unknown');
    expect(familyOf('duckdb', 'DECIMAL(10,2)')).toBe('number');
    expect(familyOf('sqlite', 'varchar(10)')).toBe('string');
    expect(familyOf('sqlite', '')).toBe('unknown');
    expect(compatible('postgres', 'number', 'integer')).toBe(true);
    expect(compatible('postgres', 'timestamp', 'string')).toBe(false);
    expect(compatible('sqlite', 'timestamp', 'string')).toBe(true);
  });
});
