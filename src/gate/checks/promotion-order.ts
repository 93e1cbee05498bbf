import { fullTrafficSince, type DeploymentTimeline } from '../../history/timeline.js';
import { parseDuration } from '../../world/duration.js';
import { fail, pass, type CheckContext, type CheckResult } from './types.js';

/**
 * The version is live at 100% in the base's `promotion.from` environment, and has been for at least
 * the base's `soak`; undefined when the environment has no `promotion.from` (the first one).
 */
export function checkPromotionOrder(
  env: string,
  deployment: string,
  model: string,
  version: string,
  ctx: CheckContext,
): CheckResult | undefined {
  const promotion = ctx.base.environments.get(env)?.environment?.resource.spec.promotion;
  const from = promotion?.from;
  if (!from) return undefined;
  const soakText = promotion.soak ?? '0s';
  const soak = parseDuration(soakText) ?? 0;
  const evidence = ctx.soak.source;
  const timelines = (ctx.soak.timelines.get(from) ?? []).filter((t) => lastModel(t) === model);
  if (timelines.length === 0) return fail('promotion-order', { code: 'not-deployed', model, version, from }, evidence);

  // The same deployment name first, then any other deployment of the model.
  const ordered = [...timelines].sort(
    (a, b) => Number(b.deployment === deployment) - Number(a.deployment === deployment),
  );
  let best: { timeline: DeploymentTimeline; since: number } | undefined;
  for (const t of ordered) {
    const point = fullTrafficSince(t.points, version);
    if (point && (!best || Date.parse(point.at) < best.since)) best = { timeline: t, since: Date.parse(point.at) };
  }
  if (!best) {
    const current = ordered[0]!;
    const serving = current.points[current.points.length - 1]?.traffic ?? [];
    return fail(
      'promotion-order',
      { code: 'not-full', model, version, from, deployment: current.deployment, serving: [...serving] },
      evidence,
    );
  }
  const elapsedMs = ctx.now.getTime() - best.since;
  if (elapsedMs >= soak)
    return pass(
      'promotion-order',
      {
        code: 'soaked',
        from,
        deployment: best.timeline.deployment,
        since: new Date(best.since).toISOString(),
        elapsedMs,
        soak: soakText,
      },
      evidence,
    );
  const readyAt = new Date(best.since + soak).toISOString();
  return fail(
    'promotion-order',
    { code: 'soaking', env, from, deployment: best.timeline.deployment, elapsedMs, soak: soakText, readyAt },
    evidence,
  );
}

function lastModel(t: DeploymentTimeline): string | undefined {
  for (let i = t.points.length - 1; i >= 0; i--) {
    const p = t.points[i]!;
    if (p.traffic !== null) return p.model;
  }
  return undefined;
}
