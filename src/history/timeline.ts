import type { TrafficSplit } from '../kinds/deployment.js';

/** One state of a deployment's traffic, from the moment it took effect. */
export interface TrafficPoint {
  /**
   * ISO 8601 (UTC) time the state took effect: the apply time (state store), or the commit's
   * effective time on the branch (git: its committer date, never earlier than its first parent's).
   */
  at: string;
  /** Git: the committer date the commit claims, when it is earlier than `at` (a backdated commit). */
  committedAt?: string;
  /** The commit (git) or applied revision (state store) that produced it. */
  revision: string;
  /** The model served; absent when the deployment does not exist at this point. */
  model?: string;
  /** Traffic split; `null` when the deployment does not exist at this point (removed). */
  traffic: TrafficSplit[] | null;
}

/** Where a timeline came from: the base branch's git history or a state store's audit log. */
export type TimelineSource = { kind: 'git'; rev: string; commit: string } | { kind: 'state'; url: string };

/** The traffic history of one deployment in one environment, oldest first; only changes are kept. */
export interface DeploymentTimeline {
  env: string;
  deployment: string;
  source: TimelineSource;
  points: TrafficPoint[];
  /**
   * Time of the oldest change the source knows of anywhere in the environment (git: the oldest commit
   * touching it). With a shallow clone, a state may have started earlier than its first point.
   */
  horizon?: string;
}

/** Percent of traffic `version` receives in a split (0 when absent). */
export function percentOf(traffic: readonly TrafficSplit[] | null | undefined, version: string): number {
  let total = 0;
  for (const t of traffic ?? []) if (t.version === version) total += t.percent;
  return total;
}

/** A canonical key for a traffic split, so that reordered or reformatted entries compare equal. */
function trafficKey(traffic: readonly TrafficSplit[] | null): string {
  if (traffic === null) return '-';
  return [...traffic]
    .filter((t) => t.percent > 0)
    .map((t) => `${t.version}=${t.percent}`)
    .sort()
    .join(',');
}

/**
 * When `version` started its current, uninterrupted stretch at 100% of the deployment's traffic;
 * undefined when it is not at 100% at the end of the timeline.
 */
export function fullTrafficSince(points: readonly TrafficPoint[], version: string): TrafficPoint | undefined {
  let start: TrafficPoint | undefined;
  for (const p of points) {
    if (percentOf(p.traffic, version) === 100) start ??= p;
    else start = undefined;
  }
  return start;
}

/**
 * Every version that had all of the deployment's traffic at some point of the timeline: the only
 * versions a move back to counts as a rollback (exempt from soak, metric gates and freezes).
 */
export function versionsEverFull(points: readonly TrafficPoint[]): Set<string> {
  const full = new Set<string>();
  for (const p of points) for (const t of p.traffic ?? []) if (t.percent === 100) full.add(t.version);
  return full;
}

/**
 * The traffic splits a timeline went through, newest first, leaving out the stretches where the
 * deployment did not exist: what a rollback looks back through, whether the timeline came from
 * git history or from a state store.
 */
export function trafficStates(points: readonly TrafficPoint[]): TrafficSplit[][] {
  const states: TrafficSplit[][] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const traffic = points[i]!.traffic;
    if (traffic !== null) states.push(traffic);
  }
  return states;
}

/**
 * Appends a point to a timeline unless it changes nothing: the same traffic and model as the last
 * point, or a deployment that is still absent. Git history and the audit log build alike.
 */
export function appendPoint(timeline: DeploymentTimeline, point: TrafficPoint): void {
  const last = timeline.points[timeline.points.length - 1];
  if (
    last === undefined
      ? point.traffic === null
      : trafficKey(last.traffic) === trafficKey(point.traffic) && last.model === point.model
  )
    return;
  timeline.points.push(point);
}

/** `model@version`: how evidence about one model version is indexed. */
export const versionKey = (model: string, version: string): string => `${model}@${version}`;
