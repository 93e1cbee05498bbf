import type { Dialect, Relation, SqlQuery, SqlRow } from '../../engines/types.js';
import type { NativeColumn } from './families.js';
import { qualified, render, sql, type Sql } from './sql.js';

/** What a check statement reads from: a quoted table, or DuckDB's scan of the file in place. */
export function fromClause(relation: Relation): Sql {
  switch (relation.kind) {
    case 'table':
      return qualified(relation.parts);
    case 'csv':
      return relation.text?.length
        ? sql`read_csv_auto(${relation.path}, types = ${{ struct: Object.fromEntries(relation.text.map((c) => [c, 'VARCHAR'])) }})`
        : sql`read_csv_auto(${relation.path})`;
    case 'parquet':
      return sql`read_parquet(${relation.path})`;
  }
}

/**
 * The catalog query that tells whether the relation exists and lists its columns: one round trip,
 * reading metadata only.
 */
export function describeQuery(dialect: Dialect, relation: Relation): SqlQuery {
  if (relation.kind !== 'table' || dialect === 'duckdb')
    return render(dialect, sql`DESCRIBE SELECT * FROM ${fromClause(relation)}`);
  if (dialect === 'postgres') {
    // to_regclass follows search_path and returns NULL instead of failing for a missing table; the
    // LEFT JOIN keeps one row either way, so "missing" and "no columns" stay distinct.
    const name = render(dialect, qualified(relation.parts)).sql;
    return render(
      dialect,
      sql`SELECT c.oid IS NOT NULL AS present, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM (SELECT to_regclass(${name}) AS oid) AS c LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    );
  }
  const [schema, table] = relation.parts.length > 1 ? relation.parts : ['main', relation.parts[0]];
  return render(dialect, sql`SELECT name, type FROM pragma_table_info(${table ?? ''}, ${schema ?? 'main'})`);
}

/** The columns `describeQuery` found, or undefined when the relation does not exist. */
export function parseDescribe(
  dialect: Dialect,
  relation: Relation,
  rows: readonly SqlRow[],
): NativeColumn[] | undefined {
  if (dialect === 'postgres' && relation.kind === 'table') {
    if (rows.length === 0 || rows[0]!.present !== true) return undefined;
    return rows.filter((r) => r.name !== null).map((r) => ({ name: String(r.name), type: String(r.type) }));
  }
  if (dialect === 'sqlite') {
    // A SQLite table always has a column: no rows means no table.
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({ name: String(r.name), type: String(r.type ?? '') }));
  }
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}
