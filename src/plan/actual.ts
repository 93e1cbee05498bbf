import type { AppliedResource } from '../state/store.js';
import type { ActualResource } from '../model/change.js';
import { keyOf } from './plan.js';

interface Live {
  kind: AppliedResource['kind'];
  name: string;
  body: AppliedResource['body'];
  hash: string;
}

/** Joins what the store recorded with what the target shows, per resource. Pure. */
export function mergeActual(recorded: readonly AppliedResource[], observed: readonly Live[]): ActualResource[] {
  const byKey = new Map<string, ActualResource>();
  for (const r of recorded)
    byKey.set(keyOf(r.kind, r.name), { kind: r.kind, name: r.name, recorded: { body: r.body, hash: r.hash } });
  for (const o of observed) {
    const key = keyOf(o.kind, o.name);
    const entry = byKey.get(key);
    if (entry) entry.live = { body: o.body, hash: o.hash };
    else byKey.set(key, { kind: o.kind, name: o.name, live: { body: o.body, hash: o.hash } });
  }
  return [...byKey.values()];
}
