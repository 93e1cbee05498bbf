import type { DataSourceSpec, QualityCheck } from '../kinds/index.js';
import type { Dialect, SqlValue } from '../engines/types.js';
import { parseDuration } from '../world/duration.js';
import { compatible, familyOf, type Family, type NativeColumn } from './query/families.js';
import { measureKey, type Measure, type MeasureValue } from './query/measures.js';
import type { Bounds, CheckProblem, CheckResult, SchemaObserved } from './result.js';

/** A declared check, before anything is known about the data. */
export type CheckSpec =
  | { readonly name: 'schema' }
  | { readonly name: 'freshness' }
  | { readonly name: 'dedup' }
  | { readonly name: 'quality'; readonly index: number; readonly quality: QualityCheck };

/** The checks a source declares, in a fixed order: schema, freshness, dedup, then each quality entry. */
export function declaredChecks(spec: DataSourceSpec): CheckSpec[] {
  return [
    ...(spec.schema ? [{ name: 'schema' } as const] : []),
    ...(spec.freshness ? [{ name: 'freshness' } as const] : []),
    ...(spec.dedup ? [{ name: 'dedup' } as const] : []),
    ...(spec.quality ?? []).map((quality, index) => ({ name: 'quality' as const, index, quality })),
  ];
}

/** A check ready to run: the measures it needs, and how it judges them. */
export interface PlannedCheck {
  readonly measures: readonly Measure[];
  judge(values: ReadonlyMap<string, MeasureValue>): CheckResult;
  /** The result when its measures could not be computed. */
  unmeasured(problem: CheckProblem): CheckResult;
}

export interface PlanContext {
  readonly spec: DataSourceSpec;
  readonly dialect: Dialect;
  readonly columns: readonly NativeColumn[];
  readonly now: Date;
}

/** A check that could not be judged: the same identity, an `error` or `skipped` verdict. */
export function withoutVerdict(
  check: CheckSpec,
  spec: DataSourceSpec,
  status: 'error' | 'skipped',
  problem: CheckProblem,
): CheckResult {
  switch (check.name) {
    case 'schema':
      return { name: 'schema', status, problem, expected: { columns: spec.schema?.columns.length ?? 0 } };
    case 'freshness': {
      const f = spec.freshness!;
      return {
        name: 'freshness',
        ...(f.column !== undefined ? { column: f.column } : {}),
        status,
        problem,
        expected: { maxAge: f.maxAge, maxAgeMs: parseDuration(f.maxAge) ?? 0 },
      };
    }
    case 'dedup':
      return { name: 'dedup', status, problem, expected: { keys: spec.dedup?.keys ?? [] } };
    case 'quality':
      return qualityWithoutVerdict(check.quality, check.index, status, problem);
  }
}

function qualityWithoutVerdict(
  q: QualityCheck,
  index: number,
  status: 'error' | 'skipped',
  problem: CheckProblem,
): CheckResult {
  const id = { index, ...(q.column !== undefined ? { column: q.column } : {}), status, problem };
  switch (q.check) {
    case 'notNull':
      return { name: 'notNull', ...id, expected: { nulls: 0 } };
    case 'unique':
      return { name: 'unique', ...id, expected: { duplicateValues: 0 } };
    case 'range':
      return { name: 'range', ...id, expected: bounds(q) };
    case 'regex':
      return { name: 'regex', ...id, expected: { pattern: q.pattern ?? '' } };
    case 'accepted':
      return { name: 'accepted', ...id, expected: { values: q.values ?? [] } };
    case 'rowCount':
      return { name: 'rowCount', ...id, expected: bounds(q) };
  }
}

const bounds = (q: { min?: number; max?: number }): Bounds => ({
  ...(q.min !== undefined ? { min: q.min } : {}),
  ...(q.max !== undefined ? { max: q.max } : {}),
});
const within = (n: number, b: Bounds): boolean =>
  (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max);

/** The stored column a declared name refers to: exactly, else the one column equal but for case (PostgreSQL folds unquoted names). */
function resolveColumn(columns: readonly NativeColumn[], name: string): NativeColumn | undefined {
  const exact = columns.find((c) => c.name === name);
  if (exact) return exact;
  const folded = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/** Plans one declared check against the columns the source turned out to have. */
export function planCheck(check: CheckSpec, ctx: PlanContext): PlannedCheck {
  const unmeasured = (problem: CheckProblem): CheckResult => withoutVerdict(check, ctx.spec, 'error', problem);
  const immediate = (result: CheckResult): PlannedCheck => ({ measures: [], judge: () => result, unmeasured });
  const missing = (names: readonly string[]): PlannedCheck | undefined => {
    const absent = names.filter((n) => !resolveColumn(ctx.columns, n));
    return absent.length > 0 ? immediate(unmeasured({ reason: 'column-missing', columns: absent })) : undefined;
  };
  const planned = (measures: Measure[], judge: PlannedCheck['judge']): PlannedCheck => ({
    measures,
    judge,
    unmeasured,
  });
  const value = <K extends MeasureValue['kind']>(values: ReadonlyMap<string, MeasureValue>, m: Measure, kind: K) => {
    const v = values.get(measureKey(m));
    if (!v || v.kind !== kind) throw new Error(`measure ${measureKey(m)} was not computed`);
    return v as Extract<MeasureValue, { kind: K }>;
  };
  const col = (name: string): NativeColumn => resolveColumn(ctx.columns, name)!;

  switch (check.name) {
    case 'schema':
      return planSchema(ctx, unmeasured, value);
    case 'freshness': {
      const f = ctx.spec.freshness!;
      const maxAgeMs = parseDuration(f.maxAge);
      if (maxAgeMs === undefined) return immediate(unmeasured({ reason: 'invalid-spec', field: 'freshness.maxAge' }));
      if (f.column === undefined)
        return immediate(withoutVerdict(check, ctx.spec, 'skipped', { reason: 'no-freshness-column' }));
      const absent = missing([f.column]);
      if (absent) return absent;
      const c = col(f.column);
      const m: Measure = { kind: 'newest', column: c.name, family: familyOf(ctx.dialect, c.type) };
      return planned([m], (values) => {
        const epoch = value(values, m, 'newest').epochSeconds;
        const ageMs = epoch === null ? null : ctx.now.getTime() - Math.round(epoch * 1000);
        return {
          name: 'freshness',
          column: f.column!,
          status: ageMs !== null && ageMs <= maxAgeMs ? 'pass' : 'fail',
          observed: { newest: epoch === null ? null : new Date(Math.round(epoch * 1000)).toISOString(), ageMs },
          expected: { maxAge: f.maxAge, maxAgeMs },
        };
      });
    }
    case 'dedup': {
      const keys = ctx.spec.dedup!.keys;
      const absent = missing(keys);
      if (absent) return absent;
      const m: Measure = { kind: 'duplicates', columns: keys.map((k) => col(k).name) };
      return planned([m], (values) => {
        const v = value(values, m, 'duplicates');
        return {
          name: 'dedup',
          status: v.count === 0 ? 'pass' : 'fail',
          observed: {
            duplicateKeys: v.count,
            example: v.example ? Object.fromEntries(keys.map((k, i) => [k, v.example![i] ?? null])) : null,
          },
          expected: { keys },
        };
      });
    }
    case 'quality':
      return planQuality(check.quality, check.index, ctx, { missing, planned, immediate, unmeasured, value, col });
  }
}

type ValueReader = <K extends MeasureValue['kind']>(
  values: ReadonlyMap<string, MeasureValue>,
  m: Measure,
  kind: K,
) => Extract<MeasureValue, { kind: K }>;

function planSchema(ctx: PlanContext, unmeasured: PlannedCheck['unmeasured'], value: ValueReader): PlannedCheck {
  const declared = ctx.spec.schema!.columns;
  const missing: string[] = [];
  const mismatched: Array<SchemaObserved['mismatched'][number]> = [];
  const nullChecks: Array<{ column: string; measure: Measure }> = [];
  for (const d of declared) {
    const actual = resolveColumn(ctx.columns, d.name);
    if (!actual) {
      missing.push(d.name);
      continue;
    }
    if (!compatible(ctx.dialect, d.type, familyOf(ctx.dialect, actual.type)))
      mismatched.push({ column: d.name, declared: d.type, actual: actual.type });
    if (d.nullable === false) nullChecks.push({ column: d.name, measure: { kind: 'nulls', column: actual.name } });
  }
  return {
    measures: nullChecks.map((n) => n.measure),
    unmeasured,
    judge(values) {
      const nulls = nullChecks
        .map((n) => ({ column: n.column, count: value(values, n.measure, 'nulls').count }))
        .filter((n) => n.count > 0);
      const ok = missing.length === 0 && mismatched.length === 0 && nulls.length === 0;
      return {
        name: 'schema',
        status: ok ? 'pass' : 'fail',
        observed: { missing, mismatched, nulls },
        expected: { columns: declared.length },
      };
    },
  };
}

interface QualityTools {
  missing(names: readonly string[]): PlannedCheck | undefined;
  planned(measures: Measure[], judge: PlannedCheck['judge']): PlannedCheck;
  immediate(result: CheckResult): PlannedCheck;
  unmeasured: PlannedCheck['unmeasured'];
  value: ValueReader;
  col(name: string): NativeColumn;
}

function planQuality(q: QualityCheck, index: number, ctx: PlanContext, t: QualityTools): PlannedCheck {
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
 * of the column's type are dropped, as no stored value can equal them. Dates, timestamps and JSON
 * are compared as text.
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
        values: dedupe(values.map((v) => (typeof v === 'boolean' ? NaN : Number(v))).filter((n) => Number.isFinite(n))),
      };
    case 'boolean':
      return {
        compare: 'native',
        values: dedupe(
          values.flatMap((v) => (typeof v === 'boolean' ? [v] : v === 'true' ? [true] : v === 'false' ? [false] : [])),
        ),
      };
    case 'string':
      return { compare: 'native', values: dedupe(values.map(String)) };
    case 'unknown':
      return { compare: 'native', values: [...values] };
    default:
      return { compare: 'text', values: dedupe(values.map(String)) };
  }
}
