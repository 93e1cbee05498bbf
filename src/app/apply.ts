import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { applyChanges, type ApplyFailure } from '../apply/apply.js';
import { acquireEnvLock, type TakeOverReason } from '../apply/lock.js';
import type { ActualResource, EffectiveChange, ResourceChange } from '../model/change.js';
import { UserError } from '../model/errors.js';
import { isRevoked } from '../world/config.js';
import { canonicalText } from '../model/canonical.js';
import { openGit, resolveCommit } from '../git/repo.js';
import { WORKING_TREE } from '../git/revision.js';
import { observeActual } from '../plan/observe.js';
import { effective, planChanges, stateFingerprint } from '../plan/plan.js';
import { planReport, type PlanReport } from '../plan/report.js';
import type { PlanJson } from '../plan/saved.js';
import { openStore } from '../state/open.js';
import { LeaseLost, type LockLease, type StateStore } from '../state/store.js';
import { stateTimelines } from '../history/from-state.js';
import { versionsEverFull } from '../history/timeline.js';
import type { ValidateReport } from '../validate/report.js';
import { operatorSubject, resolveOperator, type Operator } from '../world/actor.js';
import { gitUserName } from '../git/repo.js';
import { branchLabel, readControls, type DefaultBranch } from './controls.js';
import {
  activeFreeze,
  isRollback,
  refuseApply,
  type EnvironmentControls,
  type RollbackEvidence,
} from '../apply/controls.js';
import type { Delivered } from '../targets/kubernetes.js';
import { checkDeliverable, targetOf } from './delivery.js';
import { loadDesired, type Desired, type DesiredOptions } from './desired.js';
import { isAncestor } from '../git/default-branch.js';

export interface ApplyOptions extends DesiredOptions {
  /** `--plan`: a plan saved by `plan --out`, as given (relative to `cwd`). */
  plan?: string | undefined;
  /** `--yes`: apply without asking. */
  yes?: boolean | undefined;
  /** How long to wait for a held environment lock, in ms. */
  lockTimeoutMs: number;
  /** `--as`: who runs apply (access policies, audit); else `$SLIPWAY_ACTOR`, `$GITHUB_ACTOR`, git's user.name. */
  as?: string | undefined;
  /** `--allow-unmerged`: break-glass, apply a commit that is not on the default branch (recorded). */
  allowUnmerged?: boolean | undefined;
}

/** A control overridden on purpose, recorded in every audit row of the run. */
type BreakGlass = 'allow-unmerged';

export interface ApplyPorts {
  /** The clock: plan times, audit times and lease times. */
  now(): Date;
  /** The process environment, for who applies (`$SLIPWAY_ACTOR`, `$GITHUB_ACTOR`, `$USER`). */
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
  /** A break-glass override is used for `env`: `reason` is the refusal it overrides. */
  | { kind: 'break-glass'; env: string; revision: string; reason: string }
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
      /** The overrides used, also recorded in each audit row. */
      breakGlass?: BreakGlass[];
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
  /**
   * The saved plan's changes are not what its revision gives against this state (a forged or
   * edited file): nothing was applied. `differ`: the resources that differ (`Kind/name`).
   */
  | { kind: 'plan-mismatch'; env: string; plan: string; revision: string; differ: string[] }
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
  const saved = options.plan === undefined ? undefined : await readPlan(options.plan, options.cwd);
  if (saved) await checkSavedPlan(saved, options);
  // A saved plan is re-made from the repository at its own revision (the working tree, for a
  // plan made from uncommitted changes): the file only says what was reviewed, never what is applied.
  const loaded = await loadDesired(saved && !saved.plan.dirty ? { ...options, rev: saved.plan.revision } : options);
  if (loaded.kind === 'invalid') return loaded;
  const desired = loaded.desired;
  // Every environment is checked before the first is touched: a refusal leaves all unchanged.
  const controls = await readControls(options.root, desired[0]!, options.env);
  const operator = await resolveOperator(options.as, ports.actorEnv, () => gitUserName(options.root));
  const breakGlass = new Map<string, BreakGlass[]>();
  for (const d of desired) {
    checkAccess(d.env, controls.of(d.env), operator, deploymentsOf(d));
    if (saved && saved.plan.revision !== d.revision.revision)
      throw new UserError(
        `plan ${saved.name} was made from revision ${saved.plan.revision}, but the working tree is at ${d.revision.revision}; nothing was applied`,
        {
          hint: `make a new plan with \`slipway plan --env ${d.env} --out ${saved.name}\` and review it`,
          kind: 'refused',
        },
      );
    checkDeliverable(d, d.revision);
    const c = controls.of(d.env);
    if (!c.promotion) continue;
    if (d.revision.uncommitted === 'not-a-repository')
      throw new UserError(
        `environment ${d.env} has a promotion policy: apply needs a git repository, and ${d.root} is not one`,
        {
          hint: 'run apply in a clone of the configuration repository, or pass --repo with one',
          kind: 'environment',
        },
      );
    if (d.revision.uncommitted === 'no-commit')
      throw new UserError(`environment ${d.env} has a promotion policy: the repository ${d.root} has no commit yet`, {
        hint: 'commit the configuration (through a reviewed pull request), then apply that commit',
        kind: 'refused',
      });
    if (d.revision.dirty) {
      throw new UserError(
        `environment ${d.env} has a promotion policy: apply a commit, not a working tree with uncommitted changes`,
        {
          hint: 'commit the changes (through a reviewed pull request), or pass --rev with a commit',
        },
      );
    }
    const unmerged = await unmergedReason(options.root, d, controls.branch);
    if (unmerged === undefined) continue;
    if (!options.allowUnmerged) throw unmerged;
    if (!c.breakGlass)
      throw new UserError(
        `environment ${d.env} forbids --allow-unmerged (spec.promotion.breakGlass: false${controls.branch.kind === 'found' ? ` on ${branchLabel(controls.branch.tip)}` : ''})`,
        {
          hint: `merge ${shortSha(d.revision.revision)} through a reviewed pull request, then apply it`,
          kind: 'refused',
        },
      );
    breakGlass.set(d.env, ['allow-unmerged']);
    ports.onEvent({ kind: 'break-glass', env: d.env, revision: d.revision.revision, reason: unmerged.message });
  }
  // In the order given; a failure stops the run, so later environments never get ahead of it.
  const results: EnvironmentApplyResult[] = [];
  for (const d of desired) {
    const result = await applyEnvironment(d, saved, options, ports, {
      controls: controls.of(d.env),
      operator,
      breakGlass: breakGlass.get(d.env),
    });
    results.push(result);
    ports.onEvent({ kind: 'done', result });
    if (result.kind !== 'applied' && result.kind !== 'no-changes') break;
  }
  return { kind: 'ran', results };
}

/** The Deployments an environment declares. */
const deploymentsOf = (d: Desired): string[] => d.resources.filter((r) => r.kind === 'Deployment').map((r) => r.name);

/** The Deployments a plan deletes: applying removes them, so the operator must be allowed them too. */
const deletedDeployments = (changes: readonly ResourceChange[]): string[] =>
  changes.filter((c) => c.kind === 'Deployment' && c.action === 'delete').map((c) => c.name);

/** The operator must be allowed `apply` on each deployment by every AccessPolicy source that mentions `apply`. */
function checkAccess(env: string, controls: EnvironmentControls, operator: Operator, deployments: string[]): void {
  const subject = operatorSubject(operator.name);
  const refusal = refuseApply(controls, subject, deployments);
  if (!refusal) return;
  const where = refusal.source === 'applied' ? 'in the revision applied' : 'on the default branch';
  const why =
    refusal.decision.effect === 'deny'
      ? `AccessPolicy ${refusal.decision.by.policy.name} (${refusal.decision.by.policy.file}, rule ${refusal.decision.by.index + 1}) denies it`
      : `no AccessPolicy rule of ${env} allows it`;
  throw new UserError(
    `${subject} (from ${operator.from}) may not apply deployment:${refusal.deployment} in ${env}: ${why} ${where}; nothing was applied`,
    {
      hint: `an AccessPolicy in environments/${env}/ must allow \`apply\` on deployment:${refusal.deployment} for ${subject} or one of its teams (merged to the default branch); the operator is --as, else $SLIPWAY_ACTOR, $GITHUB_ACTOR, git config user.name`,
      kind: 'refused',
    },
  );
}

/** Inside a freeze window, only rollbacks pass: a refusal naming the window and the other changes. */
async function checkFreeze(
  d: Desired,
  store: StateStore,
  controls: EnvironmentControls,
  now: Date,
  changes: readonly EffectiveChange[],
): Promise<void> {
  const env = d.env;
  const window = activeFreeze(controls, now);
  if (!window) return;
  const evidence = await rollbackEvidence(d, store);
  const blocked = changes.filter((c) => !isRollback(c, evidence)).map((c) => `${c.kind}/${c.name}`);
  if (blocked.length === 0) return;
  throw new UserError(
    `environment ${env} is frozen from ${window.from} to ${window.to}${window.reason ? ` (${window.reason})` : ''}: only rollbacks (changes that only move traffic back to older versions that had all of it before and are not revoked) may be applied, and ${blocked.slice(0, 5).join(', ')}${blocked.length > 5 ? ` and ${blocked.length - 5} more` : ''} ${blocked.length === 1 ? 'is not one' : 'are not'}; nothing was applied`,
    { hint: `apply it after ${window.to}, or roll back instead (\`slipway rollback\`)`, kind: 'refused' },
  );
}

/** What the environment's audit log says was live at 100% before, and what the revision revokes. */
async function rollbackEvidence(d: Desired, store: StateStore): Promise<RollbackEvidence> {
  const timelines = await stateTimelines(store, d.env, d.state.display);
  const full = new Map([...timelines].map(([name, t]) => [name, versionsEverFull(t.points)]));
  return {
    everFull: (deployment) => full.get(deployment) ?? new Set(),
    revoked: (model, version) => isRevoked(d.config, model, version),
  };
}

/** How people write a commit: its first seven characters. */
const shortSha = (sha: string): string => sha.slice(0, 7);

/**
 * Why `d`'s commit cannot be shown to be merged (a refusal to throw, or to override with
 * `--allow-unmerged`), or undefined when it is reachable from the default branch.
 */
async function unmergedReason(root: string, d: Desired, branch: DefaultBranch): Promise<UserError | undefined> {
  const sha = d.revision.revision;
  const override = 'in an emergency, `--allow-unmerged` applies it anyway and records that in the audit log';
  switch (branch.kind) {
    case 'missing':
      return new UserError(
        `cannot tell whether revision ${shortSha(sha)} is merged: the default branch ${branch.name} exists neither as origin/${branch.name} nor as a local branch; environment ${d.env} only runs merged commits`,
        {
          hint: `fetch it (\`git fetch origin ${branch.name}\`; in GitHub Actions, actions/checkout with fetch-depth: 0), or set spec.defaultBranch in slipway.yaml; ${override}`,
          kind: 'refused',
        },
      );
    case 'disagrees':
      return new UserError(
        `cannot tell whether revision ${shortSha(sha)} is merged: slipway.yaml names the default branch ${branch.name}, but ${branch.where} names ${branch.says}; environment ${d.env} only runs merged commits`,
        {
          hint: `a change of spec.defaultBranch takes effect once it is merged into the branch it replaces; ${override}`,
          kind: 'refused',
        },
      );
    case 'found':
      if (await isAncestor(root, sha, branch.tip.sha)) return undefined;
      return new UserError(
        `revision ${shortSha(sha)} is not on the default branch ${branch.name} (${branchLabel(branch.tip)} is at ${shortSha(branch.tip.sha)}): environment ${d.env} only runs merged commits`,
        { hint: `merge it through a reviewed pull request, then apply; ${override}`, kind: 'refused' },
      );
  }
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

/** A saved plan names its environment and a commit of this repository, or it is refused before anything is read. */
async function checkSavedPlan(saved: Saved, options: ApplyOptions): Promise<void> {
  const env = options.env[0];
  if (env !== undefined && saved.plan.env !== env)
    throw new UserError(`plan ${saved.name} is for environment ${saved.plan.env}, not ${env}`, {
      hint: `run \`slipway apply --env ${saved.plan.env} --plan ${saved.name}\``,
    });
  const { revision } = saved.plan;
  if (revision === WORKING_TREE) return;
  const hint = `make a new plan with \`slipway plan --env ${saved.plan.env} --out ${saved.name}\` and review it`;
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(revision))
    throw new UserError(
      `plan ${saved.name} names revision ${JSON.stringify(revision)}, not a commit SHA; nothing was applied`,
      {
        hint,
        kind: 'refused',
      },
    );
  try {
    if ((await resolveCommit(openGit(options.root), revision)) === revision) return;
  } catch {
    // Reported below.
  }
  throw new UserError(
    `plan ${saved.name} names revision ${revision}, which is not a commit of this repository; nothing was applied`,
    {
      hint,
      kind: 'refused',
    },
  );
}

/** The first changes (by kind and name) where a saved plan and the plan re-made from the repository differ. */
function planDifferences(saved: readonly EffectiveChange[], replanned: readonly EffectiveChange[]): string[] {
  const text = (c: EffectiveChange): string =>
    canonicalText({
      action: c.action,
      kind: c.kind,
      name: c.name,
      drift: c.drift ?? null,
      before: 'before' in c ? c.before : null,
      after: 'after' in c ? c.after : null,
      hash: 'hash' in c ? c.hash : null,
      diff: c.diff,
    });
  const ours = new Map(replanned.map((c) => [`${c.kind}/${c.name}`, text(c)]));
  const theirs = new Map(saved.map((c) => [`${c.kind}/${c.name}`, text(c)]));
  const keys = [...new Set([...theirs.keys(), ...ours.keys()])];
  const order =
    saved.map((c) => `${c.kind}/${c.name}`).join('\n') === replanned.map((c) => `${c.kind}/${c.name}`).join('\n');
  const differ = keys.filter((k) => ours.get(k) !== theirs.get(k));
  return differ.length === 0 && !order ? ['the order of the changes'] : differ;
}

/** Thrown out of the apply loop when the lease could not be renewed. */
class LockLost extends Error {}

async function applyEnvironment(
  desired: Desired,
  saved: Saved | undefined,
  options: ApplyOptions,
  ports: ApplyPorts,
  run: { controls: EnvironmentControls; operator: Operator; breakGlass: BreakGlass[] | undefined },
): Promise<EnvironmentApplyResult> {
  const { controls, operator, breakGlass } = run;
  const env = desired.env;
  const revision: AppliedRevision = { revision: desired.revision.revision, dirty: desired.revision.dirty };
  const stale = (plan: Saved): EnvironmentApplyResult => ({
    kind: 'stale-plan',
    env,
    plan: plan.name,
    createdAt: plan.plan.createdAt,
    revision: plan.plan.revision,
  });
  const planFor = (actual: ActualResource[]): ResourceChange[] => planChanges(desired.resources, actual);
  let store = await openStore(desired.state, { create: false });
  try {
    const first = targetOf(desired, store);
    let actual = await observeActual(store, first.target, env);
    let fingerprint = stateFingerprint(actual);
    if (saved && saved.plan.stateFingerprint !== fingerprint) return stale(saved);
    let changes = planFor(actual);
    if (saved) {
      const differ = planDifferences(saved.plan.changes, effective(changes));
      if (differ.length > 0)
        return { kind: 'plan-mismatch', env, plan: saved.name, revision: revision.revision, differ };
    }
    if (effective(changes).length === 0) return { kind: 'no-changes', env, revision, reason: 'up-to-date' };
    await checkFreeze(desired, store, controls, ports.now(), effective(changes));
    checkAccess(env, controls, operator, deletedDeployments(changes));
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
    const actor = operator.name;
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
        await checkFreeze(desired, store, controls, ports.now(), effective(changes));
        checkAccess(env, controls, operator, deletedDeployments(changes));
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
          ...(desired.revision.author !== undefined ? { author: desired.revision.author } : {}),
          ...(breakGlass ? { breakGlass } : {}),
          // Every write checks, in its own transaction, that the lease is still ours.
          leaseId: lock.lease.id,
        },
        changes: effective(changes),
        onRecorded: async (done, total) => {
          if (!(await lock.renew())) throw new LockLost();
          ports.onEvent({ kind: 'progress', env, done, total });
        },
        onRetry: (change, attempts) => ports.onEvent({ kind: 'retry', env, change, attempts }),
      }).catch((error: unknown) => {
        if (error instanceof LockLost || error instanceof LeaseLost) return undefined;
        throw error;
      });
      if (result === undefined) return { kind: 'lock-lost', env };
      if (result.status === 'failed') {
        return { kind: 'failed', env, applied: result.applied, failed: result.failed, pending: result.pending };
      }
      const counts = { create: 0, update: 0, delete: 0 };
      for (const c of result.applied) counts[c.action]++;
      return { kind: 'applied', env, revision, actor, counts, ...(breakGlass ? { breakGlass } : {}) };
    } finally {
      // When the store is unreachable the lease cannot be released: it is taken over once it
      // expires (or its process is gone), and the error that stopped the run is what is reported.
      await lock.release().catch(() => undefined);
    }
  } finally {
    await store.close();
  }
}
