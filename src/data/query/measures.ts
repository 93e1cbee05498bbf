import type { Dialect, SqlScalar, SqlValue } from '../../engines/types.js';
import type { Family } from './families.js';
import { ident, join, keyword, sql, type Sql } from './sql.js';

/**
 * One number (or a few) a check needs from the data. Checks ask for measures; the builder computes
 * all of a source's measures in one statement, and identical measures (a `notNull` check and a
 * `nullable: false` column) are computed once.
 */
export type Measure =
  | { readonly kind: 'rows' }
  | { readonly kind: 'nulls'; readonly column: string }
  | { readonly kind: 'newest'; readonly column: string; readonly family: Family }
  | { readonly kind: 'outside'; readonly column: string; readonly min?: number; readonly max?: number }
  | { readonly kind: 'mismatch'; readonly column: string; readonly pattern: string }
  | {
      readonly kind: 'rejected';
      readonly column: string;
      /** Compare the column itself, or its text (dates, timestamps, JSON: the form people write in YAML). */
      readonly compare: 'native' | 'text';
      readonly values: readonly SqlValue[];
    }
  | { readonly kind: 'duplicates'; readonly columns: readonly string[] };

/** What a measure found. Counts are exact; examples are one offending value, as text. */
export type MeasureValue =
  | { readonly kind: 'rows'; readonly count: number }
  | { readonly kind: 'nulls'; readonly count: number }
  | { readonly kind: 'newest'; readonly epochSeconds: number | null }
  | { readonly kind: 'outside'; readonly count: number; readonly min: number | null; readonly max: number | null }
  | { readonly kind: 'mismatch'; readonly count: number; readonly example: string | null }
  | { readonly kind: 'rejected'; readonly count: number; readonly example: string | null }
  | { readonly kind: 'duplicates'; readonly count: number; readonly example: readonly (string | null)[] | null };

/** Identifies a measure, so that equal measures share one expression. */
export const measureKey = (m: Measure): string => JSON.stringify(m);

/** A measure's SQL: expressions over the scanned relation, or a grouped subquery of its own. */
export type Rendered =
  | { readonly shape: 'scan'; readonly columns: ReadonlyArray<readonly [alias: string, expr: Sql]> }
  | { readonly shape: 'grouped'; readonly subquery: Sql; readonly aliases: readonly string[] };

const text = (dialect: Dialect, expr: Sql): Sql =>
  dialect === 'duckdb' ? sql`CAST(${expr} AS VARCHAR)` : sql`CAST(${expr} AS TEXT)`;
const count = (condition: Sql): Sql => sql`COUNT(*) FILTER (WHERE ${condition})`;
const exampleOf = (dialect: Dialect, condition: Sql, column: Sql): Sql =>
  sql`MIN(CASE WHEN ${condition} THEN ${text(dialect, column)} END)`;

/** Whether `value` matches `pattern`, in each engine's own regular expressions (searching, like JavaScript's `test`). */
function matches(dialect: Dialect, value: Sql, pattern: string): Sql {
  switch (dialect) {
    case 'postgres':
      return sql`${value} ~ ${pattern}`;
    case 'sqlite':
      // SQLite has no regular expressions: the engine registers `regexp` (JavaScript's) on its connection.
      return sql`regexp(${pattern}, ${value})`;
    case 'duckdb':
      return sql`regexp_matches(${value}, ${pattern})`;
  }
}

/** Seconds since the epoch of the newest value, read from timestamps, dates, ISO text or epoch numbers. */
function newestEpoch(dialect: Dialect, column: Sql, family: Family): Sql {
  if (family === 'integer' || family === 'number') return sql`MAX(${column})`;
  switch (dialect) {
    case 'postgres':
      return family === 'timestamp' || family === 'date'
        ? sql`EXTRACT(EPOCH FROM MAX(${column}))`
        : sql`EXTRACT(EPOCH FROM MAX(CAST(${column} AS TIMESTAMPTZ)))`;
    case 'sqlite':
      // Text that is not a date reads as NULL rather than failing the statement.
      return sql`MAX(CASE WHEN typeof(${column}) IN ('integer', 'real') THEN ${column} ELSE unixepoch(${column}, 'subsec') END)`;
    case 'duckdb':
      return family === 'timestamp' || family === 'date'
        ? sql`epoch(MAX(${column}))`
        : sql`epoch(MAX(TRY_CAST(${column} AS TIMESTAMPTZ)))`;
  }
}

/** The SQL of one measure; `alias` prefixes the names of its output columns. */
export function renderMeasure(dialect: Dialect, from: Sql, m: Measure, alias: string): Rendered {
  const col = (name: string): Sql => ident(name);
  switch (m.kind) {
    case 'rows':
      return { shape: 'scan', columns: [[alias, sql`COUNT(*)`]] };
    case 'nulls':
      return { shape: 'scan', columns: [[alias, count(sql`${col(m.column)} IS NULL`)]] };
    case 'newest':
      return { shape: 'scan', columns: [[alias, newestEpoch(dialect, col(m.column), m.family)]] };
    case 'outside': {
      const c = col(m.column);
      // PostgreSQL types an untyped parameter after the column: `0.5` against an integer column
      // would fail to parse as an integer. As numeric it compares with any number type.
      const bound = (n: number): Sql => (dialect === 'postgres' ? sql`CAST(${n} AS NUMERIC)` : sql`${n}`);
      const bounds = [
        ...(m.min !== undefined ? [sql`${c} < ${bound(m.min)}`] : []),
        ...(m.max !== undefined ? [sql`${c} > ${bound(m.max)}`] : []),
      ];
      return {
        shape: 'scan',
        columns: [
          [`${alias}_n`, count(join(bounds, ' OR '))],
          [`${alias}_lo`, sql`MIN(${c})`],
          [`${alias}_hi`, sql`MAX(${c})`],
        ],
      };
    }
    case 'mismatch': {
      const c = col(m.column);
      const condition = sql`${c} IS NOT NULL AND NOT (${matches(dialect, text(dialect, c), m.pattern)})`;
      return {
        shape: 'scan',
        columns: [
          [`${alias}_n`, count(condition)],
          [`${alias}_ex`, exampleOf(dialect, condition, c)],
        ],
      };
    }
    case 'rejected': {
      const c = col(m.column);
      const subject = m.compare === 'text' ? text(dialect, c) : c;
      const condition =
        m.values.length === 0
          ? sql`${c} IS NOT NULL`
          : sql`${c} IS NOT NULL AND ${subject} NOT IN (${join(
              m.values.map((v) => sql`${v}`),
              ', ',
            )})`;
      return {
        shape: 'scan',
        columns: [
          [`${alias}_n`, count(condition)],
          [`${alias}_ex`, exampleOf(dialect, condition, c)],
        ],
      };
    }
    case 'duplicates': {
      // Group by the key, keep the groups seen twice or more, and read their number and the
      // smallest one: one scan, and only the duplicate keys ever leave the group-by.
      const keys = m.columns.map(col);
      const keyAliases = m.columns.map((_, i) => `k${i}`);
      const inner = sql`SELECT ${join(
        keys.map((k, i) => sql`${text(dialect, k)} AS ${keyword(keyAliases[i]!)}`),
        ', ',
      )}, ROW_NUMBER() OVER (ORDER BY ${join(
        keys.map((k) => sql`${k} NULLS LAST`),
        ', ',
      )}) AS rn FROM ${from} GROUP BY ${join(keys, ', ')} HAVING COUNT(*) > 1`;
      const outputs = [`${alias}_n`, ...keyAliases.map((k) => `${alias}_${k}`)];
      const subquery = sql`SELECT COUNT(*) AS ${keyword(outputs[0]!)}, ${join(
        keyAliases.map((k, i) => sql`MAX(CASE WHEN rn = 1 THEN ${keyword(k)} END) AS ${keyword(outputs[i + 1]!)}`),
        ', ',
      )} FROM (${inner}) AS d`;
      return { shape: 'grouped', subquery, aliases: outputs };
    }
  }
}

/** A number from whatever the driver returned: pg gives bigint and numeric as strings, DuckDB bigints. */
function toNumber(value: SqlScalar | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime() / 1000;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function toText(value: SqlScalar | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Reads a measure's value from the statement's single row. */
export function readMeasure(m: Measure, alias: string, row: Readonly<Record<string, SqlScalar>>): MeasureValue {
  const countOf = (name: string): number => toNumber(row[name]) ?? 0;
  switch (m.kind) {
    case 'rows':
      return { kind: 'rows', count: countOf(alias) };
    case 'nulls':
      return { kind: 'nulls', count: countOf(alias) };
    case 'newest':
      return { kind: 'newest', epochSeconds: toNumber(row[alias]) };
    case 'outside':
      return {
        kind: 'outside',
        count: countOf(`${alias}_n`),
        min: toNumber(row[`${alias}_lo`]),
        max: toNumber(row[`${alias}_hi`]),
      };
    case 'mismatch':
    case 'rejected':
      return { kind: m.kind, count: countOf(`${alias}_n`), example: toText(row[`${alias}_ex`]) };
    case 'duplicates': {
      const n = countOf(`${alias}_n`);
      return {
        kind: 'duplicates',
        count: n,
        example: n === 0 ? null : m.columns.map((_, i) => toText(row[`${alias}_k${i}`])),
      };
    }
  }
}
