import { LocalTarget } from '../targets/local.js';
import { mergeActual } from '../plan/actual.js';
import type { Drift } from '../model/change.js';
import { driftOf } from '../plan/plan.js';
import type { LockLease, StateStore } from '../state/store.js';

export interface DeploymentStatus {
  name: string;
  model: string;
  /** Live versions and their traffic percents, as applied. */
  traffic: Array<{ version: string; percent: number }>;
  revision: string;
  appliedAt: string;
  actor: string;
}

export interface EnvironmentStatus {
  env: string;
  /** The last apply (newest audit row), or null when nothing was ever applied. */
  lastApply: { revision: string; at: string; actor: string; dirty: boolean } | null;
  resources: number;
  deployments: DeploymentStatus[];
  drift: Array<{ kind: string; name: string; drift: Drift }>;
  lock: LockLease | null;
}

export interface StatusReport {
  environments: EnvironmentStatus[];
}

/**
 * What is live in each environment, read from the store; drift is what the target shows against
 * what was recorded (every environment has a `local` target today).
 */
export async function collectStatus(store: StateStore, envs: readonly string[]): Promise<StatusReport> {
  const target = new LocalTarget(store);
  const environments: EnvironmentStatus[] = [];
  for (const env of envs) {
    const [recorded, last, lock] = await Promise.all([store.resources(env), store.lastApply(env), store.lock(env)]);
    const observed = target.observeFrom(recorded);
    const deployments: DeploymentStatus[] = [];
    for (const r of recorded) {
      if (r.kind !== 'Deployment') continue;
      const spec = r.spec as { model?: string; traffic?: Array<{ version: string; percent: number }> };
      deployments.push({
        name: r.name,
        model: spec.model ?? '',
        traffic: (spec.traffic ?? []).map((t) => ({ version: t.version, percent: t.percent })),
        revision: r.revision,
        appliedAt: r.appliedAt,
        actor: r.actor,
      });
    }
    deployments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const drift: EnvironmentStatus['drift'] = [];
    for (const a of mergeActual(recorded, observed)) {
      const d = driftOf(a);
      if (d) drift.push({ kind: a.kind, name: a.name, drift: d });
    }
    environments.push({
      env,
      lastApply: last ? { revision: last.revision, at: last.at, actor: last.actor, dirty: last.dirty } : null,
      resources: recorded.length,
      deployments,
      drift,
      lock: lock ?? null,
    });
  }
  return { environments };
}
