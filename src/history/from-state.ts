import type { TrafficSplit } from '../kinds/deployment.js';
import type { AuditEntry, StateStore } from '../state/store.js';
import { appendPoint, type DeploymentTimeline, type TimelineSource, type TrafficPoint } from './timeline.js';

/**
 * Deployment timelines of one environment from its audit log (any order): what was applied, and
 * when. This is what ran, where git history only says what was merged.
 */
export function timelinesFromAudit(
  env: string,
  entries: readonly AuditEntry[],
  source: TimelineSource,
): Map<string, DeploymentTimeline> {
  const out = new Map<string, DeploymentTimeline>();
  const ordered = entries.filter((e) => e.env === env && e.kind === 'Deployment').sort((a, b) => a.id - b.id);
  for (const e of ordered) {
    let timeline = out.get(e.name);
    if (!timeline) out.set(e.name, (timeline = { env, deployment: e.name, source, points: [] }));
    const spec = e.action === 'delete' ? undefined : asSpec(e.after);
    const point: TrafficPoint = spec
      ? {
          at: new Date(e.at).toISOString(),
          revision: e.revision,
          ...(spec.model ? { model: spec.model } : {}),
          traffic: spec.traffic,
        }
      : { at: new Date(e.at).toISOString(), revision: e.revision, traffic: null };
    appendPoint(timeline, point);
  }
  if (ordered[0]) for (const t of out.values()) t.horizon = new Date(ordered[0].at).toISOString();
  return out;
}

/**
 * Reads the Deployment timelines of `env` from a state store's audit log: every Deployment of the
 * environment, or only `deployment` when named. `label` names the store in the timelines' source
 * (e.g. `sqlite:.slipway/state.db`). What both the gate (soak evidence) and `rollback` (the
 * version live before) learn from the store.
 */
export async function stateTimelines(
  store: Pick<StateStore, 'history'>,
  env: string,
  label: string,
  deployment?: string,
): Promise<Map<string, DeploymentTimeline>> {
  const entries = await store.history(
    env,
    deployment === undefined ? { kind: 'Deployment' } : { kind: 'Deployment', name: deployment },
  );
  return timelinesFromAudit(env, entries, { kind: 'state', url: label });
}

function asSpec(value: unknown): { model?: string; traffic: TrafficSplit[] } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const traffic = Array.isArray(record.traffic)
    ? record.traffic
        .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
        .map((t) => ({ version: String(t.version), percent: typeof t.percent === 'number' ? t.percent : 0 }))
    : [];
  return { ...(typeof record.model === 'string' ? { model: record.model } : {}), traffic };
}
