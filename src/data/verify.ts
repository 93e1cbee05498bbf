import type { DataConnection, Relation, SourceOpener, SourceRef } from '../engines/types.js';
import { declaredChecks, withoutVerdict, type CheckSpec } from './checks.js';
import { planCheck } from './plan.js';
import { failureOf, measureAll } from './measure-all.js';
import { describeQuery, parseDescribe } from './query/describe.js';
import type { NativeColumn } from './query/families.js';
import type { CheckProblem, CheckResult, SourceResult, Status, Summary, VerifyResult } from './result.js';

export interface VerifyInput {
  readonly environment: string;
  /** The sources to verify, in the order results are wanted. */
  readonly sources: readonly SourceRef[];
  /** The moment freshness is judged against. */
  readonly now: Date;
  /** Budget of each source, from opening to its last query (default 60 s). */
  readonly timeoutMs?: number;
  /** Sources verified at once (default 4). */
  readonly concurrency?: number;
  /** Opens a source: the engines port (src/engines/open.ts), or a fake in tests. */
  readonly open: SourceOpener;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * `data verify`: every declared check of every source, computed by the source's own engine. Each
 * source gets its own deadline, and whatever happens to one (unreachable, timed out, a bad query)
 * becomes that source's result: the others always run.
 */
export async function verifySources(input: VerifyInput): Promise<VerifyResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sources = await mapLimited(input.sources, input.concurrency ?? 4, (source) =>
    // A bug in one source's handling must not cost the others their results.
    verifyOne(source, input, timeoutMs).catch((error: unknown) =>
      finish(source, [
        { name: 'accessible', status: 'error', problem: { reason: 'driver', detail: failureOf(error).detail } },
        ...notVerified(declaredChecks(source.spec), source),
      ]),
    ),
  );
  return {
    version: 1,
    environment: input.environment,
    at: input.now.toISOString(),
    sources,
    summary: summarize(sources),
  };
}

async function verifyOne(source: SourceRef, input: VerifyInput, timeoutMs: number): Promise<SourceResult> {
  const { spec } = source;
  const declared = declaredChecks(spec);
  // Nothing past `accessible` runs; a problem given here skips the whole source.
  const notRun = (accessible: CheckResult, skipped?: CheckProblem): SourceResult =>
    finish(source, [accessible, ...notVerified(declared, source)], skipped);

  const outcome = await input
    .open(source, Date.now() + timeoutMs)
    .catch((error: unknown) => ({ status: 'failed', ...failureOf(error) }) as const);
  switch (outcome.status) {
    case 'skipped':
      return notRun({ name: 'accessible', status: 'skipped', problem: outcome.problem }, outcome.problem);
    case 'invalid':
      return notRun({ name: 'accessible', status: 'error', problem: outcome.problem });
    case 'failed':
      return notRun({
        name: 'accessible',
        status: 'error',
        problem: { reason: outcome.failure, detail: outcome.detail },
      });
    case 'missing':
      return notRun(inaccessible);
    case 'open':
      try {
        return await verifyOpen(source, declared, outcome.connection, input.now);
      } finally {
        await outcome.connection.close();
      }
  }
}

const notVerified = (declared: readonly CheckSpec[], source: SourceRef): CheckResult[] =>
  declared.map((c) => withoutVerdict(c, source.spec, 'skipped', { reason: 'not-verified' }));

const inaccessible: CheckResult = {
  name: 'accessible',
  status: 'fail',
  observed: { exists: false },
  expected: { exists: true },
};

async function verifyOpen(
  source: SourceRef,
  declared: readonly CheckSpec[],
  connection: DataConnection,
  now: Date,
): Promise<SourceResult> {
  const { spec } = source;
  const { dialect, relation: described } = connection;
  let columns;
  try {
    columns = parseDescribe(dialect, described, await connection.run(describeQuery(dialect, described)));
  } catch (error) {
    const { failure, detail } = failureOf(error);
    return finish(source, [
      { name: 'accessible', status: 'error', problem: { reason: failure, detail } },
      ...notVerified(declared, source),
    ]);
  }
  if (columns === undefined) return finish(source, [inaccessible, ...notVerified(declared, source)]);

  const accessible: CheckResult = {
    name: 'accessible',
    status: 'pass',
    observed: { exists: true },
    expected: { exists: true },
  };
  const read = readAs(described, columns, source);
  const planned = declared.map((c) => planCheck(c, { spec, dialect, columns: read.columns, now }));
  return finish(source, [accessible, ...(await measureAll(connection, read.relation, planned))]);
}

/**
 * A CSV's declared `string` columns that the file has are read as text: left to DuckDB's guess,
 * a code such as `10.4` or `0042` would be a number.
 */
function readAs(
  relation: Relation,
  columns: readonly NativeColumn[],
  source: SourceRef,
): { relation: Relation; columns: readonly NativeColumn[] } {
  if (relation.kind !== 'csv') return { relation, columns };
  const declared = new Set((source.spec.schema?.columns ?? []).filter((c) => c.type === 'string').map((c) => c.name));
  const text = columns.filter((c) => declared.has(c.name)).map((c) => c.name);
  if (text.length === 0) return { relation, columns };
  return {
    relation: { ...relation, text },
    columns: columns.map((c) => (declared.has(c.name) ? { name: c.name, type: 'VARCHAR' } : c)),
  };
}

const RANK: Record<Status, number> = { skipped: 0, pass: 1, fail: 2, error: 3 };

function finish(source: SourceRef, checks: CheckResult[], skipped?: CheckProblem): SourceResult {
  const judged = checks.filter((c) => c.status !== 'skipped');
  const status: Status = skipped
    ? 'skipped'
    : judged.reduce<Status>(
        (worst, c) => (RANK[c.status] > RANK[worst] ? c.status : worst),
        judged.length ? 'pass' : 'skipped',
      );
  return {
    name: source.name,
    engine: source.spec.engine,
    status,
    ...(skipped ? { problem: skipped } : {}),
    checks,
  };
}

function summarize(sources: readonly SourceResult[]): Summary {
  const counts = { passed: 0, failed: 0, errors: 0, skipped: 0 };
  const key = { pass: 'passed', fail: 'failed', error: 'errors', skipped: 'skipped' } as const;
  for (const s of sources) for (const c of s.checks) counts[key[c.status]]++;
  return counts;
}

/** `items` mapped with at most `limit` promises pending, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
