import type { ActualResource, Drift, EffectiveChange, ResourceChange } from '../model/change.js';
import { contentHash } from '../model/canonical.js';
import { kindRank, type DesiredResource } from '../world/desired.js';
import { diffValues } from '../model/diff.js';

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  unchanged: number;
  drift: number;
}

export const keyOf = (kind: string, name: string): string => `${kind}/${name}`;

/** The drift of one resource, if any. */
export function driftOf(actual: ActualResource): Drift | undefined {
  const { recorded, live } = actual;
  if (recorded && !live) return 'missing';
  if (!recorded && live) return 'unrecorded';
  if (recorded && live && recorded.hash !== live.hash) return 'changed';
  return undefined;
}

/**
 * The changes that make `actual` match `desired`: pure, linear in the number of resources.
 * Creates and updates come in dependency order (what a Deployment refers to first), then
 * deletions in reverse order, so nothing ever points at a resource that is not there.
 */
export function planChanges(desired: readonly DesiredResource[], actual: readonly ActualResource[]): ResourceChange[] {
  const actualByKey = new Map<string, ActualResource>();
  for (const a of actual) actualByKey.set(keyOf(a.kind, a.name), a);
  const forward: ResourceChange[] = [];
  const seen = new Set<string>();

  for (const d of desired) {
    const key = keyOf(d.kind, d.name);
    seen.add(key);
    const a = actualByKey.get(key);
    const drift = a ? driftOf(a) : undefined;
    const base = drift ? { kind: d.kind, name: d.name, drift } : { kind: d.kind, name: d.name };
    // Compare with what is live: that is what applying changes.
    const current = a ? (a.live ?? (drift === 'missing' ? undefined : a.recorded)) : undefined;
    if (current === undefined) {
      forward.push({ ...base, action: 'create', after: d.body, hash: d.hash, diff: [] });
    } else if (current.hash !== d.hash) {
      forward.push({
        ...base,
        action: 'update',
        before: current.body,
        after: d.body,
        hash: d.hash,
        diff: diffValues(current.body, d.body),
      });
    } else if (drift !== undefined && a?.recorded?.hash !== d.hash) {
      // The target already has the desired state but the record does not: record it.
      const before = a?.recorded?.body ?? current.body;
      forward.push({
        ...base,
        action: 'update',
        before,
        after: d.body,
        hash: d.hash,
        diff: diffValues(before, d.body),
      });
    } else {
      forward.push({ ...base, action: 'no-op' });
    }
  }

  const deletions: ResourceChange[] = [];
  for (const a of actual) {
    const key = keyOf(a.kind, a.name);
    if (seen.has(key)) continue;
    const before = a.live ?? a.recorded;
    if (!before) continue;
    const drift = driftOf(a);
    deletions.push({
      kind: a.kind,
      name: a.name,
      ...(drift ? { drift } : {}),
      action: 'delete',
      before: before.body,
      diff: [],
    });
  }

  forward.sort(byDependency);
  deletions.sort((x, y) => kindRank(y.kind) - kindRank(x.kind) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return [...forward, ...deletions];
}

function byDependency(a: ResourceChange, b: ResourceChange): number {
  return kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function summarize(changes: readonly ResourceChange[]): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, unchanged: 0, drift: 0 };
  for (const c of changes) {
    if (c.action === 'create') s.add++;
    else if (c.action === 'update') s.change++;
    else if (c.action === 'delete') s.destroy++;
    else s.unchanged++;
    if (c.drift) s.drift++;
  }
  return s;
}

/** Changes that do something. */
export function effective(changes: readonly ResourceChange[]): EffectiveChange[] {
  return changes.filter((c): c is EffectiveChange => c.action !== 'no-op');
}

/**
 * A fingerprint of what a plan was computed against: every recorded and live hash. A saved plan
 * is stale when the environment's fingerprint has changed since.
 */
export function stateFingerprint(actual: readonly ActualResource[]): string {
  const lines = actual.map((a) => `${keyOf(a.kind, a.name)} ${a.recorded?.hash ?? '-'} ${a.live?.hash ?? '-'}`).sort();
  return contentHash(lines);
}
