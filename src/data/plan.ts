import { parseDuration } from '../world/duration.js';
import { withoutVerdict, type CheckSpec } from './checks.js';
import { planQuality } from './plan-quality.js';
import { planTools, resolveColumn, type PlanContext, type PlannedCheck, type PlanTools } from './plan-tools.js';
import { compatible, familyOf } from './query/families.js';
import type { Measure } from './query/measures.js';
import type { SchemaObserved } from './result.js';

/** Plans one declared check against the columns the source turned out to have. */
export function planCheck(check: CheckSpec, ctx: PlanContext): PlannedCheck {
  const t = planTools(ctx, (problem) => withoutVerdict(check, ctx.spec, 'error', problem));
  const { immediate, unmeasured, missing, planned, value, col } = t;

  switch (check.name) {
    case 'schema':
      return planSchema(ctx, t);
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
      return planQuality(check.quality, check.index, ctx, t);
  }
}

function planSchema(ctx: PlanContext, { unmeasured, value }: PlanTools): PlannedCheck {
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
