import { CronExpressionParser } from 'cron-parser';
import type { DocRef, Rule, RuleContext } from './context.js';
import type { PathSegment } from '../../model/diagnostic.js';
import { quoted } from '../../model/echo.js';

const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

// Schedules repeat across environments and deployments; parsing each distinct one once keeps this linear and cheap.
const verdicts = new Map<string, string | undefined>();
const MAX_CACHED = 10_000;

/** Why `expr` is not a five-field cron expression, or undefined if it is one. */
export function cronProblem(expr: string): string | undefined {
  if (verdicts.has(expr)) return verdicts.get(expr);
  const problem = parseProblem(expr);
  if (verdicts.size >= MAX_CACHED) verdicts.clear();
  verdicts.set(expr, problem);
  return problem;
}

function parseProblem(expr: string): string | undefined {
  const fields = expr
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  if (expr.trim().startsWith('@')) return 'macros such as `@daily` are not supported';
  if (fields.length !== 5)
    return `it has ${fields.length} field${fields.length === 1 ? '' : 's'}; cron here has exactly five (${FIELD_NAMES.join(', ')})`;
  try {
    CronExpressionParser.parse(fields.join(' '));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^(Constraint|Validation) error, /, '') : 'it does not parse';
  }
}

/** Formats the schema cannot express: cron schedules (durations, versions, digests and timestamps are schema patterns). */
export const formatRules: Rule = (ctx) => {
  for (const env of ctx.config.environments.values()) {
    for (const dep of env.deployments.values()) {
      if (dep.resource.spec.schedule !== undefined)
        checkCron(ctx, dep, dep.resource.spec.schedule, ['spec', 'schedule']);
    }
    for (const ds of env.dataSources.values()) {
      if (ds.resource.spec.refresh)
        checkCron(ctx, ds, ds.resource.spec.refresh.schedule, ['spec', 'refresh', 'schedule']);
    }
  }
};

function checkCron(ctx: RuleContext, doc: DocRef, expr: string, path: PathSegment[]): void {
  const problem = cronProblem(expr);
  if (problem === undefined) return;
  ctx.report(doc, {
    code: 'invalid-cron',
    message: `schedule ${quoted(expr)} is not a five-field cron expression: ${problem}`,
    hint: 'write minute hour day-of-month month day-of-week, e.g. "0 2 * * *" for 02:00 daily (quote it in YAML)',
    path,
  });
}
