import { fullTrafficSince, versionKey, type DeploymentTimeline, type TrafficPoint } from '../../history/timeline.js';
import { parseDuration } from '../../world/duration.js';
import { fail, pass, type CheckContext, type CheckResult, type SoakClamp } from './types.js';

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
  // A tampered audit log proves nothing, and git is not asked instead: the store is where applies are recorded.
  const broken = 'broken' in ctx.soak ? ctx.soak.broken.get(from) : undefined;
  if (broken && evidence.kind === 'state-store')
    return fail('promotion-order', { code: 'audit-broken', from, store: evidence.store, ...broken }, evidence);
  const timelines = (ctx.soak.timelines.get(from) ?? []).filter((t) => lastModel(t) === model);
  if (timelines.length === 0) return fail('promotion-order', { code: 'not-deployed', model, version, from }, evidence);

  // The same deployment name first, then any other deployment of the model.
  const ordered = [...timelines].sort(
    (a, b) => Number(b.deployment === deployment) - Number(a.deployment === deployment),
  );
  let best: { timeline: DeploymentTimeline; since: number; clamp?: SoakClamp } | undefined;
  for (const t of ordered) {
    const point = fullTrafficSince(t.points, version);
    if (!point) continue;
    const start = soakStart(point, model, version, ctx);
    if (!best || start.since < best.since) best = { timeline: t, ...start };
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
  const since = new Date(best.since).toISOString();
  const clamp = best.clamp ? { clamp: best.clamp } : {};
  const elapsedMs = ctx.now.getTime() - best.since;
  if (elapsedMs >= soak)
    return pass(
      'promotion-order',
      { code: 'soaked', from, deployment: best.timeline.deployment, since, elapsedMs, soak: soakText, ...clamp },
      evidence,
    );
  const readyAt = new Date(best.since + soak).toISOString();
  return fail(
    'promotion-order',
    {
      code: 'soaking',
      env,
      from,
      deployment: best.timeline.deployment,
      since,
      elapsedMs,
      soak: soakText,
      readyAt,
      ...clamp,
    },
    evidence,
  );
}

/**
 * When the soak of `version` started at `point`. From git, never earlier than the version's first
 * appearance in the base branch's model registry nor its `createdAt`: a commit date is whatever
 * its author typed, and a version cannot have run before it existed. The state store's apply
 * times are recorded by Slipway itself and taken as they are.
 */
function soakStart(
  point: TrafficPoint,
  model: string,
  version: string,
  ctx: CheckContext,
): { since: number; clamp?: SoakClamp } {
  const at = Date.parse(point.at);
  if (!('firstSeen' in ctx.soak)) return { since: at };
  const claimed = point.committedAt ?? point.at;
  let since = at;
  let because: SoakClamp['because'] | undefined =
    point.committedAt === undefined ? undefined : { kind: 'first-parent' };
  const seen = ctx.soak.firstSeen.get(versionKey(model, version));
  if (seen && Date.parse(seen.at) > since) {
    since = Date.parse(seen.at);
    because = { kind: 'first-appearance', version, commit: seen.commit };
  }
  const createdAt = Date.parse(
    ctx.base.models.get(model)?.resource.spec.versions.find((v) => v.version === version)?.createdAt ?? '',
  );
  if (createdAt > since) {
    since = createdAt;
    because = { kind: 'created-at', version };
  }
  return because ? { since, clamp: { commit: point.revision, claimed, because } } : { since };
}

function lastModel(t: DeploymentTimeline): string | undefined {
  for (let i = t.points.length - 1; i >= 0; i--) {
    const p = t.points[i]!;
    if (p.traffic !== null) return p.model;
  }
  return undefined;
}
