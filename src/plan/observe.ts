import type { ActualResource } from '../model/change.js';
import type { StateStore } from '../state/store.js';
import type { Target } from '../targets/target.js';
import { mergeActual } from './actual.js';

/** What the store recorded for `env` and what its target shows now. */
export async function observeActual(store: StateStore, target: Target, env: string): Promise<ActualResource[]> {
  if (target.observeFrom) {
    const recorded = await store.resources(env);
    return mergeActual(recorded, await target.observeFrom(recorded));
  }
  const [recorded, observed] = await Promise.all([store.resources(env), target.observe(env)]);
  return mergeActual(recorded, observed);
}
