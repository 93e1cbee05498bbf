import { LocalTarget } from '../targets/local.js';
import { mergeActual } from '../plan/actual.js';
import type { Drift } from '../model/change.js';
import { driftOf } from '../plan/plan.js';
import type { LockLease, RecordedVerification, StateStore } from '../state/store.js';
import { environmentSync, type EnvironmentSync, type SyncBasis } from './sync.js';

export interface DeploymentStatus {
  name: string;
  model: string;
  /** Live versions and their traffic percents, as applied. */
  traffic: Array<{ version: string; percent: number }>;
  revision: string;
  appliedAt: string;
  actor: string;
}

/** The outcome of a `data verify` check, or of a whole run. */
export type VerificationOutcome = 'passed' | 'failed' | 'error' | 'skipped';

/** An environment's last `data verify` run (issue 15), when verification runs are recorded. */
export interface LastVerification {
  /** ISO 8601: when the run finished. */
  at: string;
  outcome: VerificationOutcome;
  /** Data sources checked. */
  sources: number;
  /** Data sources whose outcome was `failed` or `error`, by name. */
  failing: string[];
  /** Each data source's last recorded result, by name: a run may have verified only some sources. */
  results?: Array<{ source: string; outcome: VerificationOutcome; at: string; revision: string }>;
}

const OUTCOME = { pass: 'passed', fail: 'failed', error: 'error', skipped: 'skipped' } as const;
const WORST: readonly VerificationOutcome[] = ['error', 'failed', 'passed', 'skipped'];

/** The environment's data as last verified: each source's newest recorded result. */
function lastVerification(recorded: readonly RecordedVerification[]): LastVerification | undefined {
  if (recorded.length === 0) return undefined;
  const results = recorded.map((r) => ({
    source: r.source,
    outcome: OUTCOME[r.status],
    at: r.at,
    revision: r.revision,
  }));
  return {
    at: results.reduce((newest, r) => (r.at > newest ? r.at : newest), results[0]!.at),
    outcome: WORST.find((o) => results.some((r) => r.outcome === o))!,
    sources: results.length,
    failing: results.filter((r) => r.outcome === 'failed' || r.outcome === 'error').map((r) => r.source),
    results,
  };
}

export interface EnvironmentStatus {
  env: string;
  /** The last apply (newest audit row), or null when nothing was ever applied. */
  lastApply: { revision: string; at: string; actor: string; dirty: boolean } | null;
  resources: number;
  deployments: DeploymentStatus[];
  drift: Array<{ kind: string; name: string; drift: Drift }>;
  lock: LockLease | null;
  /** Against the default branch's head (or `--rev`); set when the caller gives a basis to compare with. */
  sync?: EnvironmentSync;
  /** Set by the caller that has verification records. */
  data?: LastVerification;
}

export interface StatusReport {
  environments: EnvironmentStatus[];
}

/**
 * What is live in each environment, read from the store; drift is what the target shows against
 * what was recorded (every environment has a `local` target today). With a `sync` basis, each
 * environment is also compared with that revision's desired state.
 */
export async function collectStatus(
  store: StateStore,
  envs: readonly string[],
  sync?: SyncBasis,
): Promise<StatusReport> {
  const target = new LocalTarget(store);
  const environments: EnvironmentStatus[] = [];
  for (const env of envs) {
    const [recorded, last, lock, verified] = await Promise.all([
      store.resources(env),
      store.lastApply(env),
      store.lock(env),
      store.lastVerifications(env),
    ]);
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
    const actual = mergeActual(recorded, observed);
    for (const a of actual) {
      const d = driftOf(a);
      if (d) drift.push({ kind: a.kind, name: a.name, drift: d });
    }
    const status: EnvironmentStatus = {
      env,
      lastApply: last ? { revision: last.revision, at: last.at, actor: last.actor, dirty: last.dirty } : null,
      resources: recorded.length,
      deployments,
      drift,
      lock: lock ?? null,
    };
    const data = lastVerification(verified);
    if (data) status.data = data;
    if (sync) {
      const applied = [...(last ? [last.revision] : []), ...recorded.map((r) => r.revision)];
      status.sync = await environmentSync(sync, env, actual, applied);
    }
    environments.push(status);
  }
  return { environments };
}

/**
 * The whole report in one word, for `status --exit-code`: `synced` when every environment is
 * synced without drift, `out-of-sync` when one is out of sync or drifted, `unknown` when the
 * sync of one cannot be told (and none is out of sync).
 */
export function statusVerdict(report: StatusReport): 'synced' | 'out-of-sync' | 'unknown' {
  let unknown = false;
  for (const e of report.environments) {
    if (e.sync?.status === 'out-of-sync' || e.drift.length > 0) return 'out-of-sync';
    if (e.sync === undefined || e.sync.status === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'synced';
}
