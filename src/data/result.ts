import type { ColumnType, DataSourceSpec, QualityCheck } from '../kinds/index.js';
import type { EngineFailure, SourceProblem } from '../engines/types.js';

/** `pass` and `fail` are what the data showed; `error` means the check could not run; `skipped`, it was not attempted. */
export type Status = 'pass' | 'fail' | 'error' | 'skipped';

/** Why a check has no verdict: typed data for formatters to put into words. */
export type CheckProblem =
  | SourceProblem
  | { readonly reason: EngineFailure; readonly detail: string }
  | { readonly reason: 'column-missing'; readonly columns: readonly string[] }
  /** The source was skipped or not accessible, so the check was not attempted. */
  | { readonly reason: 'not-verified' }
  /** The declaration lacks what the check needs (`validate` reports it as well). */
  | { readonly reason: 'invalid-spec'; readonly field: string }
  | { readonly reason: 'no-freshness-column' };

/** A check's verdict with what it observed and expected, or why it has none. */
type Verdict<Observed, Expected> =
  | { readonly status: 'pass' | 'fail'; readonly observed: Observed; readonly expected: Expected }
  | { readonly status: 'error' | 'skipped'; readonly problem: CheckProblem; readonly expected?: Expected };

export interface SchemaObserved {
  /** Declared columns the relation does not have. */
  readonly missing: readonly string[];
  /** Declared columns whose stored type cannot hold the declared one. */
  readonly mismatched: ReadonlyArray<{
    readonly column: string;
    readonly declared: ColumnType;
    readonly actual: string;
  }>;
  /** `nullable: false` columns holding nulls, with how many. */
  readonly nulls: ReadonlyArray<{ readonly column: string; readonly count: number }>;
}

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

type Quality<Name extends QualityCheck['check'], O, E> = {
  readonly name: Name;
  /** Position in `spec.quality`, which tells two checks of one kind apart. */
  readonly index: number;
} & Verdict<O, E>;

/** One check of one source. `name` tells which, and fixes the shape of `observed` and `expected`. */
export type CheckResult = {
  /** The column checked (freshness and quality checks). */
  readonly column?: string;
} & (
  | ({ readonly name: 'accessible' } & Verdict<{ readonly exists: boolean }, { readonly exists: true }>)
  | ({ readonly name: 'schema' } & Verdict<SchemaObserved, { readonly columns: number }>)
  | ({ readonly name: 'freshness' } & Verdict<
      { readonly newest: string | null; readonly ageMs: number | null },
      { readonly maxAge: string; readonly maxAgeMs: number }
    >)
  | ({ readonly name: 'dedup' } & Verdict<
      { readonly duplicateKeys: number; readonly example: Readonly<Record<string, string | null>> | null },
      { readonly keys: readonly string[] }
    >)
  | Quality<'notNull', { readonly nulls: number }, { readonly nulls: 0 }>
  | Quality<
      'unique',
      { readonly duplicateValues: number; readonly example: string | null },
      { readonly duplicateValues: 0 }
    >
  | Quality<'range', { readonly outOfRange: number; readonly min: number | null; readonly max: number | null }, Bounds>
  | Quality<'regex', { readonly notMatching: number; readonly example: string | null }, { readonly pattern: string }>
  | Quality<
      'accepted',
      { readonly notAccepted: number; readonly example: string | null },
      { readonly values: readonly (string | number | boolean)[] }
    >
  | Quality<'rowCount', { readonly rows: number }, Bounds>
);

export interface SourceResult {
  readonly name: string;
  readonly engine: DataSourceSpec['engine'];
  readonly status: Status;
  /** Why the whole source was skipped or could not be opened. */
  readonly problem?: CheckProblem;
  readonly checks: readonly CheckResult[];
}

/** Checks by status, over every source. */
export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface VerifyResult {
  readonly version: 1;
  readonly environment: string;
  /** When the run was judged (`now` of the input), ISO 8601. */
  readonly at: string;
  readonly sources: readonly SourceResult[];
  readonly summary: Summary;
}
