import type { DataSourceSpec, QualityCheck } from '../../kinds/index.js';
import type { TypedDoc } from '../../load/document.js';
import type { EnvConfig } from '../../world/config.js';
import { formatElapsed, parseDuration } from '../../world/duration.js';
import type { PathSegment } from '../../model/diagnostic.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleContext } from './context.js';
import { largestCronGap } from './cron-gap.js';
import { listOf, modelVersions } from './lookup.js';

type Source = TypedDoc<'DataSource'>;

/**
 * Data collection: what `data verify` will check must make sense before it runs. Columns named by
 * checks exist in the declared schema, freshness can be met by the refresh schedule, quality
 * checks carry the parameters they need, environments that require freshness get it, and batch
 * jobs can find their model's required inputs among the columns they read.
 */
export const dataRules: Rule = (ctx) => {
  for (const env of ctx.config.environments.values()) {
    for (const source of env.dataSources.values()) {
      checkColumns(ctx, source);
      checkFreshnessAgainstRefresh(ctx, source);
      source.resource.spec.quality?.forEach((q, i) => checkQualityParams(ctx, source, q, i));
    }
    checkRequiredFreshness(ctx, env);
    checkBatchContracts(ctx, env);
  }
};

function checkColumns(ctx: RuleContext, source: Source): void {
  const spec = source.resource.spec;
  if (!spec.schema) return;
  const columns = spec.schema.columns.map((c) => c.name);
  const known = new Set(columns);
  const check = (name: string, what: string, path: PathSegment[]): void => {
    if (known.has(name)) return;
    ctx.report(source, {
      code: 'unknown-column',
      message: `${what} \`${name}\` is not a column in the schema of data source \`${source.name}\``,
      hint: didYouMean(name, columns) ?? `add it to spec.schema.columns, or use one of ${listOf(columns)}`,
      path,
    });
  };
  if (spec.freshness?.column !== undefined)
    check(spec.freshness.column, 'freshness column', ['spec', 'freshness', 'column']);
  spec.dedup?.keys.forEach((key, i) => check(key, 'dedup key', ['spec', 'dedup', 'keys', i]));
  spec.quality?.forEach((q, i) => {
    if (q.column !== undefined) check(q.column, `\`${q.check}\` check column`, ['spec', 'quality', i, 'column']);
  });
}

function checkFreshnessAgainstRefresh(ctx: RuleContext, source: Source): void {
  const { freshness, refresh } = source.resource.spec;
  if (!freshness || !refresh) return;
  const maxAge = parseDuration(freshness.maxAge);
  const gap = largestCronGap(refresh.schedule);
  if (maxAge === undefined || gap === undefined || maxAge >= gap) return;
  ctx.report(source, {
    code: 'freshness-below-refresh',
    message: `freshness.maxAge ${freshness.maxAge} is shorter than the longest gap between refreshes of \`${refresh.schedule}\` (${formatElapsed(gap)}): the data goes stale before each refresh`,
    hint: `raise maxAge to at least ${formatElapsed(gap).replace(' ', '')}, or refresh more often`,
    path: ['spec', 'freshness', 'maxAge'],
  });
}

type Param = 'column' | 'min' | 'max' | 'pattern' | 'values';

/** The parameters each check reads; any other is a mistake (a `min` on `notNull` checks nothing). */
const PARAMS: Record<QualityCheck['check'], readonly Param[]> = {
  notNull: ['column'],
  unique: ['column'],
  range: ['column', 'min', 'max'],
  regex: ['column', 'pattern'],
  accepted: ['column', 'values'],
  rowCount: ['min', 'max'],
};
const ALL_PARAMS: readonly Param[] = ['column', 'min', 'max', 'pattern', 'values'];

function checkQualityParams(ctx: RuleContext, source: Source, q: QualityCheck, i: number): void {
  const at = (...rest: PathSegment[]): PathSegment[] => ['spec', 'quality', i, ...rest];
  const bad = (message: string, hint: string, path: PathSegment[], key = false): void =>
    ctx.report(source, { code: 'invalid-quality-check', message, hint, path, ...(key ? { at: 'key' as const } : {}) });
  const takes = PARAMS[q.check];
  const extra = ALL_PARAMS.filter((p) => q[p] !== undefined && !takes.includes(p));
  if (extra.length > 0)
    bad(
      `a \`${q.check}\` check does not take ${listOf(extra)}`,
      `remove ${listOf(extra)}; \`${q.check}\` takes ${listOf(takes)}`,
      at(extra[0]!),
      true,
    );
  if (takes.includes('column') && q.column === undefined)
    bad(`a \`${q.check}\` check names no \`column\``, 'add `column:` with the column to check', at('check'));
  switch (q.check) {
    case 'range':
    case 'rowCount':
      if (q.min === undefined && q.max === undefined)
        bad(
          `a \`${q.check}\` check has neither \`min\` nor \`max\`, so it checks nothing`,
          'add `min:`, `max:` or both',
          at('check'),
        );
      else if (q.min !== undefined && q.max !== undefined && q.min > q.max)
        bad(
          `a \`${q.check}\` check has min ${q.min} above max ${q.max}, so it can never pass`,
          'swap or correct the bounds',
          at('min'),
        );
      return;
    case 'regex': {
      if (q.pattern === undefined) {
        bad(
          'a `regex` check has no `pattern`',
          'add `pattern:` with a regular expression, e.g. "^[A-Z]{3}$"',
          at('check'),
        );
        return;
      }
      const problem = regexProblem(q.pattern);
      if (problem !== undefined)
        bad(
          `regex \`${q.pattern}\` does not compile: ${problem}`,
          'fix the regular expression (quote it in YAML)',
          at('pattern'),
        );
      return;
    }
    case 'accepted':
      if (q.values === undefined || q.values.length === 0)
        bad(
          'an `accepted` check has no `values`, so every value would fail',
          'add `values: [...]` with the accepted values',
          at(q.values ? 'values' : 'check'),
        );
      return;
    default:
      return;
  }
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : 'it does not parse';
  }
}

function checkRequiredFreshness(ctx: RuleContext, env: EnvConfig): void {
  if (env.environment?.resource.spec.requires?.freshness !== true) return;
  const envFile = env.environment.file;
  const readers = new Map<string, string[]>();
  for (const dep of env.deployments.values()) {
    for (const input of dep.resource.spec.inputs ?? []) {
      let deps = readers.get(input);
      if (!deps) readers.set(input, (deps = []));
      if (!deps.includes(dep.name)) deps.push(dep.name);
    }
  }
  for (const [name, deps] of readers) {
    const source = env.dataSources.get(name);
    if (!source) continue; // unknown-data-source reports it
    const spec: DataSourceSpec = source.resource.spec;
    const lacking = [spec.freshness ? undefined : 'freshness', spec.refresh ? undefined : 'refresh'].filter(
      (x): x is string => x !== undefined,
    );
    if (lacking.length === 0) continue;
    ctx.report(source, {
      code: 'missing-freshness',
      message: `data source \`${name}\` is read by ${deps.length === 1 ? 'deployment' : 'deployments'} ${listOf(deps)} but declares no ${lacking.map((l) => `\`${l}\``).join(' or ')}; environment \`${env.name}\` requires both on every input (${envFile})`,
      hint: 'add e.g. `freshness: {maxAge: 6h, column: updated_at}` and `refresh: {schedule: "0 * * * *"}` under spec',
      path: ['spec'],
    });
  }
}

function checkBatchContracts(ctx: RuleContext, env: EnvConfig): void {
  const versions = modelVersions(ctx.config);
  for (const dep of env.deployments.values()) {
    const spec = dep.resource.spec;
    if (spec.mode !== 'batch' || !spec.inputs || spec.inputs.length === 0) continue;
    const sources = spec.inputs.map((name) => env.dataSources.get(name));
    // A source without a declared schema (or unknown) could hold any column: nothing to compare.
    if (sources.some((s) => !s?.resource.spec.schema)) continue;
    const columns = new Set(sources.flatMap((s) => s!.resource.spec.schema!.columns.map((c) => c.name)));
    const missing = new Map<string, string[]>();
    for (const t of spec.traffic) {
      const version = versions.get(spec.model)?.get(t.version)?.version;
      for (const field of requiredFields(version?.contract?.input)) {
        if (columns.has(field)) continue;
        let served = missing.get(field);
        if (!served) missing.set(field, (served = []));
        if (!served.includes(t.version)) served.push(t.version);
      }
    }
    for (const [field, served] of missing) {
      ctx.report(dep, {
        code: 'batch-input-missing-column',
        message: `required input field \`${field}\` of model \`${spec.model}\` ${served.join(', ')} is not a column of ${spec.inputs.length === 1 ? 'its input' : 'any of its inputs'} ${listOf(spec.inputs)}`,
        hint:
          didYouMean(field, columns) ??
          `add a \`${field}\` column to the schema of one of the inputs, or read a source that has it`,
        path: ['spec', 'inputs'],
      });
    }
  }
}

/** The top-level `required` names of a contract's input JSON Schema. */
function requiredFields(schema: Record<string, unknown> | undefined): string[] {
  const required = schema?.required;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [];
}
