import { fullTrafficSince, type DeploymentTimeline } from '../../history/timeline.js';
import { formatElapsed, parseDuration } from '../../world/duration.js';
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
  const evidence = ctx.soak.label;
  const timelines = (ctx.soak.timelines.get(from) ?? []).filter((t) => lastModel(t) === model);
  if (timelines.length === 0)
    return fail(
      'promotion-order',
      `${model} ${version} is not live in ${from} (no deployment of ${model} there); promote it to ${from} first`,
      evidence,
    );

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
    const live = current.points[current.points.length - 1]?.traffic ?? [];
    const serving = live.length > 0 ? live.map((t) => `${t.version} ${t.percent}%`).join(', ') : 'nothing';
    return fail(
      'promotion-order',
      `${model} ${version} is not live at 100% in ${from} (${from}/${current.deployment} serves ${serving}); promote it to ${from} first`,
      evidence,
    );
  }
  const elapsed = ctx.now.getTime() - best.since;
  const since = new Date(best.since).toISOString();
  const where = `${from}/${best.timeline.deployment}`;
  if (elapsed >= soak)
    return pass(
      'promotion-order',
      `live at 100% in ${where} since ${since} (${formatElapsed(elapsed)} ≥ soak ${soakText})`,
      evidence,
    );
  const ready = new Date(best.since + soak).toISOString();
  return fail(
    'promotion-order',
    `live at 100% in ${where} for ${formatElapsed(elapsed)} only; ${env} requires a soak of ${soakText} (ready at ${ready})`,
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
