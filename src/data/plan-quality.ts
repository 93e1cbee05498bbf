import type { QualityCheck } from '../kinds/index.js';
import type { SqlValue } from '../engines/types.js';
import { bounds, within } from './checks.js';
import type { PlanContext, PlannedCheck, PlanTools } from './plan-tools.js';
import { familyOf, type Family } from './query/families.js';
import type { Measure } from './query/measures.js';

/** Plans one `quality` entry: the measure it needs and how its result reads. */
export function planQuality(q: QualityCheck, index: number, ctx: PlanContext, t: PlanTools): PlannedCheck {
  const invalid = (field: string): PlannedCheck => t.immediate(t.unmeasured({ reason: 'invalid-spec', field }));
  if (q.check === 'rowCount') {
    if (q.min === undefined && q.max === undefined) return invalid('min');
    const m: Measure = { kind: 'rows' };
    const b = bounds(q);
    return t.planned([m], (values) => {
      const rows = t.value(values, m, 'rows').count;
      return { name: 'rowCount', index, status: within(rows, b) ? 'pass' : 'fail', observed: { rows }, expected: b };
    });
  }
  if (q.column === undefined) return invalid('column');
  const absent = t.missing([q.column]);
  if (absent) return absent;
  const column = q.column;
  const stored = t.col(column);
  const id = { index, column };
  switch (q.check) {
    case 'notNull': {
      const m: Measure = { kind: 'nulls', column: stored.name };
      return t.planned([m], (values) => {
        const nulls = t.value(values, m, 'nulls').count;
        return {
          name: 'notNull',
          ...id,
          status: nulls === 0 ? 'pass' : 'fail',
          observed: { nulls },
          expected: { nulls: 0 },
        };
      });
    }
    case 'unique': {
      const m: Measure = { kind: 'duplicates', columns: [stored.name] };
      return t.planned([m], (values) => {
        const v = t.value(values, m, 'duplicates');
        return {
          name: 'unique',
          ...id,
          status: v.count === 0 ? 'pass' : 'fail',
          observed: { duplicateValues: v.count, example: v.example?.[0] ?? null },
          expected: { duplicateValues: 0 },
        };
      });
    }
    case 'range': {
      if (q.min === undefined && q.max === undefined) return invalid('min');
      const b = bounds(q);
      const m: Measure = { kind: 'outside', column: stored.name, ...b };
      return t.planned([m], (values) => {
        const v = t.value(values, m, 'outside');
        return {
          name: 'range',
          ...id,
          status: v.count === 0 ? 'pass' : 'fail',
          observed: { outOfRange: v.count, min: v.min, max: v.max },
          expected: b,
        };
      });
    }
    case 'regex': {
      if (q.pattern === undefined) return invalid('pattern');
      const pattern = q.pattern;
      const m: Measure = { kind: 'mismatch', column: stored.name, pattern };
      return t.planned([m], (values) => {
        const v = t.value(values, m, 'mismatch');
        return {
          name: 'regex',
          ...id,
          status: v.count === 0 ? 'pass' : 'fail',
          observed: { notMatching: v.count, example: v.example },
          expected: { pattern },
        };
      });
    }
    case 'accepted': {
      if (q.values === undefined) return invalid('values');
      const accepted = q.values;
      const family = familyOf(ctx.dialect, stored.type);
      const m: Measure = { kind: 'rejected', column: stored.name, ...comparable(family, accepted) };
      return t.planned([m], (values) => {
        const v = t.value(values, m, 'rejected');
        return {
          name: 'accepted',
          ...id,
          status: v.count === 0 ? 'pass' : 'fail',
          observed: { notAccepted: v.count, example: v.example },
          expected: { values: accepted },
        };
      });
    }
  }
}

/**
 * The accepted values in the column's own type, so the engine compares like with like: a YAML `1`
 * against a text column is `'1'`, `"10.4"` against a number column is 10.4. Values that cannot be
 * of the column's type are dropped, as no stored value can equal them. Text, dates, timestamps and
 * JSON are compared as text.
 */
function comparable(
  family: Family,
  values: readonly (string | number | boolean)[],
): { compare: 'native' | 'text'; values: SqlValue[] } {
  const dedupe = <T>(xs: T[]): T[] => [...new Set(xs)];
  switch (family) {
    case 'integer':
    case 'number':
      return {
        compare: 'native',
        values: dedupe(
          values
            .map((v) => (typeof v === 'boolean' || v === '' ? NaN : Number(v)))
            .filter((n) => (family === 'integer' ? Number.isInteger(n) : Number.isFinite(n))),
        ),
      };
    case 'boolean':
      return {
        compare: 'native',
        values: dedupe(
          values.flatMap((v) => (typeof v === 'boolean' ? [v] : v === 'true' ? [true] : v === 'false' ? [false] : [])),
        ),
      };
    case 'string':
      // As text even here: a PostgreSQL uuid or char(n) column would refuse, or pad, a plain string.
      return { compare: 'text', values: dedupe(values.map(String)) };
    case 'unknown':
      return { compare: 'native', values: [...values] };
    default:
      return { compare: 'text', values: dedupe(values.map(String)) };
  }
}
