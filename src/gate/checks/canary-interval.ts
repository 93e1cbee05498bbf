import { percentOf } from '../../history/timeline.js';
import { parseDuration } from '../../world/duration.js';
import { fail, pass, type CheckContext, type CheckResult } from './types.js';

/**
 * A canary step or full rollout comes at least the base's `promotion.canary.minStepInterval`
 * after the deployment's traffic last changed, by the same evidence as soak (the state store's
 * audit log, else the base branch's history); undefined when the environment sets no interval.
 */
export function checkCanaryInterval(
  env: string,
  deployment: string,
  version: string,
  ctx: CheckContext,
): CheckResult | undefined {
  const interval = ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.canary?.minStepInterval;
  if (interval === undefined) return undefined;
  const evidence = ctx.soak.source;
  const broken = 'broken' in ctx.soak ? ctx.soak.broken.get(env) : undefined;
  if (broken && evidence.kind === 'state-store')
    return fail(
      'canary-interval',
      { code: 'audit-broken', env, deployment, version, interval, store: evidence.store, ...broken },
      evidence,
    );
  const timeline = (ctx.soak.timelines.get(env) ?? []).find((t) => t.deployment === deployment);
  const last = timeline?.points[timeline.points.length - 1];
  // Merged but never applied (state store), or never in the history: the canary has not run.
  if (!last || percentOf(last.traffic, version) === 0)
    return fail('canary-interval', { code: 'not-running', env, deployment, version, interval }, evidence);
  const since = Date.parse(last.at);
  const elapsedMs = ctx.now.getTime() - since;
  const detail = { env, deployment, version, since: last.at, elapsedMs, interval };
  const needed = parseDuration(interval) ?? 0;
  if (elapsedMs >= needed) return pass('canary-interval', { code: 'waited', ...detail }, evidence);
  return fail(
    'canary-interval',
    { code: 'too-soon', ...detail, readyAt: new Date(since + needed).toISOString() },
    evidence,
  );
}
