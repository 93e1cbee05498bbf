import type { NativeColumn } from './query/families.js';
import { measureKey, type Measure, type MeasureValue } from './query/measures.js';
import type { CheckProblem, CheckResult } from './result.js';
import type { DataSourceSpec } from '../kinds/index.js';
import type { Dialect } from '../engines/types.js';

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

/** The stored column a declared name refers to: exactly, else the one column equal but for case (PostgreSQL folds unquoted names). */
export function resolveColumn(columns: readonly NativeColumn[], name: string): NativeColumn | undefined {
  const exact = columns.find((c) => c.name === name);
  if (exact) return exact;
  const folded = columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/** The pieces every check's plan is made of, bound to one check and one source. */
export interface PlanTools {
  /** A plan that is already a result: the check errors, or is skipped, before any query. */
  immediate(result: CheckResult): PlannedCheck;
  /** The check's `error` result for a problem. */
  unmeasured(problem: CheckProblem): CheckResult;
  /** An `error` plan naming the columns the data lacks, or undefined when it has them all. */
  missing(names: readonly string[]): PlannedCheck | undefined;
  planned(measures: Measure[], judge: PlannedCheck['judge']): PlannedCheck;
  /** The stored column for a declared name that `missing` found. */
  col(name: string): NativeColumn;
  /** A measure's value, of the kind the check asked for. */
  value<K extends MeasureValue['kind']>(
    values: ReadonlyMap<string, MeasureValue>,
    m: Measure,
    kind: K,
  ): Extract<MeasureValue, { kind: K }>;
}

export function planTools(ctx: PlanContext, unmeasured: PlanTools['unmeasured']): PlanTools {
  const immediate = (result: CheckResult): PlannedCheck => ({ measures: [], judge: () => result, unmeasured });
  return {
    immediate,
    unmeasured,
    missing(names) {
      const absent = names.filter((n) => !resolveColumn(ctx.columns, n));
      return absent.length > 0 ? immediate(unmeasured({ reason: 'column-missing', columns: absent })) : undefined;
    },
    planned: (measures, judge) => ({ measures, judge, unmeasured }),
    col: (name) => resolveColumn(ctx.columns, name)!,
    value<K extends MeasureValue['kind']>(values: ReadonlyMap<string, MeasureValue>, m: Measure, kind: K) {
      const v = values.get(measureKey(m));
      // The plan asked for this measure; missing means a bug in the builder, not bad data.
      if (!v || v.kind !== kind) throw new Error(`measure ${measureKey(m)} was not computed`);
      return v as Extract<MeasureValue, { kind: K }>;
    },
  };
}
