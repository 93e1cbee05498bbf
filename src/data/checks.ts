import type { DataSourceSpec, QualityCheck } from '../kinds/index.js';
import { parseDuration } from '../world/duration.js';
import type { Bounds, CheckProblem, CheckResult } from './result.js';

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

export const bounds = (q: { min?: number; max?: number }): Bounds => ({
  ...(q.min !== undefined ? { min: q.min } : {}),
  ...(q.max !== undefined ? { max: q.max } : {}),
});
export const within = (n: number, b: Bounds): boolean =>
  (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max);
