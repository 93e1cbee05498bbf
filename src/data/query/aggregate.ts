import type { Dialect, Relation, SqlQuery, SqlRow } from '../../engines/types.js';
import { fromClause } from './describe.js';
import { measureKey, readMeasure, renderMeasure, type Measure, type MeasureValue } from './measures.js';
import { join, keyword, render, sql, type Sql } from './sql.js';

/** One statement computing a set of measures, and how to read them back from its single row. */
export interface AggregatePlan {
  readonly query: SqlQuery;
  /** Values by `measureKey`. */
  read(row: SqlRow): Map<string, MeasureValue>;
}

/**
 * Every measure in a single statement returning a single row:
 *
 *   SELECT * FROM (SELECT COUNT(*) AS m0, ... FROM t) AS s CROSS JOIN (SELECT ... GROUP BY key HAVING COUNT(*) > 1 ...) AS g1 ...
 *
 * Plain aggregates share one scan; each duplicate search is a group-by of its own. Nothing but the
 * aggregates comes back.
 */
export function buildAggregate(dialect: Dialect, relation: Relation, measures: readonly Measure[]): AggregatePlan {
  const from = fromClause(relation);
  const unique = new Map<string, Measure>();
  for (const m of measures) unique.set(measureKey(m), m);
  const aliases = new Map<string, string>();
  const scan: Sql[] = [];
  const grouped: Sql[] = [];
  [...unique].forEach(([key, m], i) => {
    const alias = `m${i}`;
    aliases.set(key, alias);
    const rendered = renderMeasure(dialect, from, m, alias);
    if (rendered.shape === 'scan')
      for (const [name, expr] of rendered.columns) scan.push(sql`${expr} AS ${keyword(name)}`);
    else grouped.push(sql`(${rendered.subquery}) AS ${keyword(`g${i}`)}`);
  });
  const parts = [...(scan.length > 0 ? [sql`(SELECT ${join(scan, ', ')} FROM ${from}) AS s`] : []), ...grouped];
  const statement = sql`SELECT * FROM ${join(parts, ' CROSS JOIN ')}`;
  return {
    query: render(dialect, statement),
    read(row) {
      const values = new Map<string, MeasureValue>();
      for (const [key, m] of unique) values.set(key, readMeasure(m, aliases.get(key)!, row));
      return values;
    },
  };
}
