import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { applyChanges, type ApplyFailure } from '../apply/apply.js';
import { acquireEnvLock, type TakeOverReason } from '../apply/lock.js';
import type { ActualResource, EffectiveChange, ResourceChange } from '../model/change.js';
import { UserError } from '../model/errors.js';
import { observeActual } from '../plan/observe.js';
import { effective, planChanges, stateFingerprint } from '../plan/plan.js';
import { planReport, type PlanReport } from '../plan/report.js';
import type { PlanJson } from '../plan/saved.js';
import { openStore } from '../state/open.js';
import type { LockLease } from '../state/store.js';
import type { Delivered } from '../targets/kubernetes.js';
import type { ValidateReport } from '../validate/report.js';
import { resolveActor } from '../world/actor.js';
import { checkDeliverable, targetOf } from './delivery.js';
import { loadDesired, type Desired, type DesiredOptions } from './desired.js';

export interface ApplyOptions extends DesiredOptions {
  /** `--plan`: a plan saved by `plan --out`, as given (relative to `cwd`). */
  plan?: string | undefined;
  /** `--yes`: apply without asking. */
  yes?: boolean | undefined;
  /** How long to wait for a held environment lock, in ms. */
  lockTimeoutMs: number;
}

export interface ApplyPorts {
  /** The clock: plan times, audit times and lease times. */
  now(): Date;
  /** The process environment, for who applies (`$GITHUB_ACTOR`, `$USER`). */
  actorEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Asks whether to apply the plan just shown. Without it (no terminal to ask on), an apply
   * that is not `yes` is refused.
   */
  confirm?(report: PlanReport): Promise<boolean>;
  /** What happens as it happens, for a person to follow. */
  onEvent(event: ApplyEvent): void;
}

/** The revision a run applies: the saved plan's, or the one read. */
interface AppliedRevision {
  revision: string;
  dirty: boolean;
}

export type ApplyEvent =
  /** The plan about to be applied (before any confirmation). */
  | { kind: 'plan'; report: PlanReport }
  /** A stale lock (expired lease, or a process gone) was taken over. */
  | { kind: 'lock-taken-over'; env: string; holder: LockLease; reason: TakeOverReason }
  /** A batch of changes was recorded. */
  | { kind: 'progress'; env: string; done: number; total: number }
  /** A transient target error: the change is tried again (`attempts` made so far). */
  | { kind: 'retry'; env: string; change: EffectiveChange; attempts: number }
  /** A kubernetes target's deploy commit was made (or found already there), before the changes are recorded. */
  | { kind: 'delivered'; delivered: Delivered }
  /** An environment is finished with; the run goes on to the next only when it is applied or unchanged. */
  | { kind: 'done'; result: EnvironmentApplyResult };

/** What became of one environment. */
export type EnvironmentApplyResult =
  | {
      kind: 'applied';
      env: string;
      revision: AppliedRevision;
      actor: string;
      counts: { create: number; update: number; delete: number };
    }
  | {
      kind: 'no-changes';
      env: string;
      revision: AppliedRevision;
      /** `applied-meanwhile`: another run applied it while this one waited for the lock. */
      reason: 'up-to-date' | 'applied-meanwhile';
    }
  | { kind: 'cancelled'; env: string }
  /** Stopped at a change the target refused: what was applied before it stays recorded. */
  | { kind: 'failed'; env: string; applied: EffectiveChange[]; failed: ApplyFailure; pending: EffectiveChange[] }
  /** The saved plan was made against a state that has changed since; nothing was applied. */
  | { kind: 'stale-plan'; env: string; plan: string; createdAt: string; revision: string }
  /** Another run holds the environment's lock; nothing was applied. */
  | { kind: 'locked'; env: string; holder: LockLease }
  /** Another run took the lock over during the apply; what was applied so far stays recorded. */
  | { kind: 'lock-lost'; env: string };

export type ApplyRunResult =
  /** Per environment, in the order given, up to the first that was neither applied nor unchanged. */
  { kind: 'ran'; results: EnvironmentApplyResult[] } | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * `slipway apply`: makes each environment match the configuration (or a saved plan), in the
 * order given. Every environment is checked before the first is touched; each is applied under
 * its lock, after a last look at its state; a failure stops the run there.
 */
export async function applyEnvironments(options: ApplyOptions, ports: ApplyPorts): Promise<ApplyRunResult> {
  checkApplyOptions(options);
  const loaded = await loadDesired(options);
  if (loaded.kind === 'invalid') return loaded;
  const desired = loaded.desired;
  const saved = options.plan === undefined ? undefined : await readPlan(options.plan, options.cwd);
  // Every environment is checked before the first is touched: a refusal leaves all unchanged.
  for (const d of desired) {
    if (saved && saved.plan.env !== d.env)
      throw new UserError(`plan ${saved.name} is for environment ${saved.plan.env}, not ${d.env}`, {
        hint: `run \`slipway apply --env ${saved.plan.env} --plan ${saved.name}\``,
      });
    const dirty = saved ? saved.plan.dirty : d.revision.dirty;
    if (d.environment.resource.spec.promotion && dirty) {
      throw new UserError(
        `environment ${d.env} has a promotion policy: apply a commit, not a working tree with uncommitted changes`,
        {
          hint: 'commit the changes (through a reviewed pull request), or pass --rev with a commit',
        },
      );
    }
    checkDeliverable(d, saved ? saved.plan : d.revision);
  }
  // In the order given; a failure stops the run, so later environments never get ahead of it.
  const results: EnvironmentApplyResult[] = [];
  for (const d of desired) {
    const result = await applyEnvironment(d, saved, options, ports);
    results.push(result);
    ports.onEvent({ kind: 'done', result });
    if (result.kind !== 'applied' && result.kind !== 'no-changes') break;
  }
  return { kind: 'ran', results };
}

/**
 * Refuses options that do not go together. `applyEnvironments` checks them too; a command may
 * call this first, to refuse them before it looks at anything else.
 */
export function checkApplyOptions(options: Pick<ApplyOptions, 'plan' | 'rev' | 'env'>): void {
  if (options.plan !== undefined && options.rev !== undefined)
    throw new UserError('--plan and --rev cannot be used together', {
      hint: 'a saved plan already names the revision it was made from',
    });
  if (options.plan !== undefined && options.env.length > 1) {
    throw new UserError(
      `a saved plan is for one environment; --env names ${options.env.length} (${options.env.join(', ')})`,
      { hint: `run \`slipway apply --env E --plan ${options.plan}\` with the plan's environment` },
    );
  }
}

interface Saved {
  /** As the user named it. */
  name: string;
  plan: PlanJson;
}

async function readPlan(name: string, cwd: string): Promise<Saved> {
  const { readSavedPlan } = await import('../plan/saved.js');
  return { name, plan: await readSavedPlan(path.resolve(cwd, name)) };
}

/** Thrown out of the apply loop when the lease could not be renewed. */
class LockLost extends Error {}

async function applyEnvironment(
  desired: Desired,
  saved: Saved | undefined,
  options: ApplyOptions,
  ports: ApplyPorts,
): Promise<EnvironmentApplyResult> {
  const env = desired.env;
  const revision: AppliedRevision = saved
    ? { revision: saved.plan.revision, dirty: saved.plan.dirty }
    : { revision: desired.revision.revision, dirty: desired.revision.dirty };
  const stale = (plan: Saved): EnvironmentApplyResult => ({
    kind: 'stale-plan',
    env,
    plan: plan.name,
    createdAt: plan.plan.createdAt,
    revision: plan.plan.revision,
  });
  const planFor = (actual: ActualResource[]): ResourceChange[] =>
    saved ? saved.plan.changes : planChanges(desired.resources, actual);
  let store = await openStore(desired.state, { create: false });
  try {
    const first = targetOf(desired, store);
    let actual = await observeActual(store, first.target, env);
    let fingerprint = stateFingerprint(actual);
    if (saved && saved.plan.stateFingerprint !== fingerprint) return stale(saved);
    let changes = planFor(actual);
    if (effective(changes).length === 0) return { kind: 'no-changes', env, revision, reason: 'up-to-date' };
    const report = planReport({
      env,
      revision: revision.revision,
      dirty: revision.dirty,
      stateFingerprint: fingerprint,
      createdAt: ports.now().toISOString(),
      changes,
      ...(first.delivery ? { delivery: await first.delivery.plan() } : {}),
    });
    ports.onEvent({ kind: 'plan', report });
    let confirmed = false;
    if (!options.yes) {
      if (!ports.confirm) {
        throw new UserError('apply needs --yes when standard input is not a terminal', {
          hint: `review the plan above, then run \`slipway apply --env ${env} --yes\``,
        });
      }
      if (!(await ports.confirm(report))) return { kind: 'cancelled', env };
      confirmed = true;
    }

    // The first look may have been at an empty in-memory store: now the file is needed.
    await store.close();
    store = await openStore(desired.state, { create: true });
    const { target } = targetOf(desired, store, (delivered) => ports.onEvent({ kind: 'delivered', delivered }));
    const actor = resolveActor(ports.actorEnv, desired.revision.author);
    const locking = await acquireEnvLock({
      store,
      env,
      owner: actor,
      timeoutMs: options.lockTimeoutMs,
      now: () => ports.now(),
    });
    if (locking.kind === 'locked') return { kind: 'locked', env, holder: locking.holder };
    if (locking.tookOver) ports.onEvent({ kind: 'lock-taken-over', env, ...locking.tookOver });
    const lock = locking.lock;
    try {
      // Under the lock, look again: another run may have applied while we waited.
      actual = await observeActual(store, target, env);
      const now = stateFingerprint(actual);
      if (now !== fingerprint) {
        if (saved) return stale(saved);
        if (confirmed)
          throw new UserError(`the state of ${env} changed while waiting for the lock; nothing was applied`, {
            hint: 'run apply again to see the new plan',
            kind: 'refused',
          });
        fingerprint = now;
        changes = planFor(actual);
        if (effective(changes).length === 0) return { kind: 'no-changes', env, revision, reason: 'applied-meanwhile' };
      }
      const result = await applyChanges({
        store,
        target,
        context: {
          env,
          revision: revision.revision,
          dirty: revision.dirty,
          actor,
          at: ports.now().toISOString(),
          runId: randomUUID(),
        },
        changes: effective(changes),
        onRecorded: async (done, total) => {
          if (!(await lock.renew())) throw new LockLost();
          ports.onEvent({ kind: 'progress', env, done, total });
        },
        onRetry: (change, attempts) => ports.onEvent({ kind: 'retry', env, change, attempts }),
      }).catch((error: unknown) => {
        if (error instanceof LockLost) return undefined;
        throw error;
      });
      if (result === undefined) return { kind: 'lock-lost', env };
      if (result.status === 'failed') {
        return { kind: 'failed', env, applied: result.applied, failed: result.failed, pending: result.pending };
      }
      const counts = { create: 0, update: 0, delete: 0 };
      for (const c of result.applied) counts[c.action]++;
      return { kind: 'applied', env, revision, actor, counts };
    } finally {
      await lock.release();
    }
  } finally {
    await store.close();
  }
}
