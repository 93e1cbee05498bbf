import type { Kind } from '../kinds/index.js';
import type { ActualResource, Drift } from '../model/change.js';
import { effective, planChanges, summarize } from '../plan/plan.js';
import type { DesiredResource } from '../world/desired.js';

/** One change `apply` would make to bring an environment to the compared revision. */
interface PendingChange {
  action: 'create' | 'update' | 'delete';
  kind: Kind;
  name: string;
  drift?: Drift;
}

/** Why an environment's sync cannot be told. */
export type SyncUnknownReason =
  | { kind: 'not-a-repository' }
  /** Neither the local branch nor `origin/<branch>` exists. */
  | { kind: 'no-branch'; branch: string }
  /** The configuration at the compared revision does not validate. */
  | { kind: 'invalid-configuration'; errors: number }
  /** The environment is not declared at the compared revision. */
  | { kind: 'not-declared' };

/**
 * An environment against the head of the default branch (or `status --rev`), Argo CD style:
 * `synced` when applying that revision would change nothing, `out-of-sync` otherwise.
 */
export type EnvironmentSync =
  | {
      status: 'synced' | 'out-of-sync';
      /** What was compared with, as the user knows it: `main`, `origin/main`, or the `--rev` given. */
      ref: string;
      /** The commit `ref` resolved to. */
      revision: string;
      /** Counts per action, as `plan` counts them. */
      pending: { add: number; change: number; destroy: number };
      /** The changes, in the order `apply` would make them. */
      changes: PendingChange[];
      /** Applied revisions (the last apply's, and each live resource's) that are not in `ref`'s history. */
      offRef: string[];
    }
  | { status: 'unknown'; ref?: string; revision?: string; reason: SyncUnknownReason };

/** What environments are compared with: a revision's desired states, or why there is none. */
export type SyncBasis =
  | {
      kind: 'revision';
      ref: string;
      revision: string;
      /** The environment's desired resources at the revision; undefined when it is not declared there. */
      desired(env: string): readonly DesiredResource[] | undefined;
      /** Whether an applied revision is in the history of `revision`; undefined when git cannot tell. */
      contains(applied: string): Promise<boolean | undefined>;
    }
  | { kind: 'unknown'; ref?: string; revision?: string; reason: SyncUnknownReason };

/**
 * One environment's sync: the plan from `actual` (what the store recorded and the target shows)
 * to the basis's desired state, with the plan code `apply` uses; `applied` are the revisions
 * the environment's resources were applied from.
 */
export async function environmentSync(
  basis: SyncBasis,
  env: string,
  actual: readonly ActualResource[],
  applied: readonly string[],
): Promise<EnvironmentSync> {
  if (basis.kind === 'unknown') {
    const { kind: _, ...unknown } = basis;
    return { status: 'unknown', ...unknown };
  }
  const { ref, revision } = basis;
  const desired = basis.desired(env);
  if (desired === undefined) return { status: 'unknown', ref, revision, reason: { kind: 'not-declared' } };
  const changes = effective(planChanges(desired, actual));
  const { add, change, destroy } = summarize(changes);
  const offRef: string[] = [];
  for (const rev of new Set(applied)) if ((await basis.contains(rev)) === false) offRef.push(rev);
  return {
    status: changes.length === 0 ? 'synced' : 'out-of-sync',
    ref,
    revision,
    pending: { add, change, destroy },
    changes: changes.map((c) => ({
      action: c.action,
      kind: c.kind,
      name: c.name,
      ...(c.drift ? { drift: c.drift } : {}),
    })),
    offRef,
  };
}
