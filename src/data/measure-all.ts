import { EngineError, type DataConnection, type Relation } from '../engines/types.js';
import type { PlannedCheck } from './plan-tools.js';
import { buildAggregate } from './query/aggregate.js';
import type { MeasureValue } from './query/measures.js';
import type { CheckProblem, CheckResult } from './result.js';

/**
 * Runs every planned check's measures in one statement. When that statement fails with a query
 * error (a regular expression the engine rejects, a type mismatch), each check is retried alone so
 * that the error lands on the check that caused it; a timeout or a lost connection ends the source.
 */
export async function measureAll(
  connection: DataConnection,
  relation: Relation,
  planned: readonly PlannedCheck[],
): Promise<CheckResult[]> {
  const measuring = planned.filter((p) => p.measures.length > 0);
  if (measuring.length === 0) return planned.map((p) => p.judge(new Map()));
  const run = async (checks: readonly PlannedCheck[]): Promise<Map<string, MeasureValue>> => {
    const plan = buildAggregate(
      connection.dialect,
      relation,
      checks.flatMap((p) => p.measures),
    );
    const rows = await connection.run(plan.query);
    return plan.read(rows[0] ?? {});
  };
  try {
    const values = await run(measuring);
    return planned.map((p) => p.judge(values));
  } catch (error) {
    const first = failureOf(error);
    if (first.failure !== 'query' || measuring.length === 1)
      return planned.map((p) =>
        p.measures.length > 0 ? p.unmeasured({ reason: first.failure, detail: first.detail }) : p.judge(new Map()),
      );
  }
  const results: CheckResult[] = [];
  let stopped: CheckProblem | undefined;
  for (const p of planned) {
    if (p.measures.length === 0) results.push(p.judge(new Map()));
    else if (stopped) results.push(p.unmeasured(stopped));
    else {
      try {
        results.push(p.judge(await run([p])));
      } catch (error) {
        const f = failureOf(error);
        results.push(p.unmeasured({ reason: f.failure, detail: f.detail }));
        if (f.failure !== 'query') stopped = { reason: f.failure, detail: f.detail };
      }
    }
  }
  return results;
}

/** An engine's typed failure; anything else is reported by its kind only, as its text could hold anything. */
export function failureOf(error: unknown): Pick<EngineError, 'failure' | 'detail'> {
  if (error instanceof EngineError) return { failure: error.failure, detail: error.detail };
  return { failure: 'driver', detail: `unexpected ${error instanceof Error ? error.name : typeof error}` };
}
