import type { Kind } from '../kinds/index.js';
import type { EffectiveChange } from '../model/change.js';
import type { ResourceBody } from '../model/resource.js';
import type { AppliedResource } from '../state/store.js';

/** A resource as a target shows it now. */
export interface ObservedResource {
  kind: Kind;
  name: string;
  body: ResourceBody;
  hash: string;
}

/** What a target's environment-level step made real: recorded with every audit row of the run. */
export interface TargetCommit {
  /** The deploy commit the environment's branch points at after the step (new, or already there). */
  deployCommit: string;
}

/**
 * Where an environment's resources are made real. `apply` must be idempotent: after a crash the
 * same change may be applied again.
 */
export interface Target {
  readonly description: string;
  /** What the target runs now, for drift detection. */
  observe(env: string): Promise<ObservedResource[]>;
  /**
   * The same from rows the caller has just read, for targets whose record is the state store
   * itself: the store is then read once.
   */
  observeFrom?(recorded: readonly AppliedResource[]): ObservedResource[] | Promise<ObservedResource[]>;
  /** Makes one change real. Throws a `TargetError` (transient or not) when it cannot. */
  apply(env: string, change: EffectiveChange): Promise<void>;
  /**
   * The environment-level step of a target that delivers the whole environment at once (the
   * kubernetes target's deploy commit). Called once per apply, under the environment's lock,
   * before the first change is recorded: a kill leaves the store behind the target, never ahead
   * of it, so the next plan still shows the changes and the next apply (same bytes, nothing new
   * committed) records them. Must be idempotent.
   */
  commit?(env: string): Promise<TargetCommit>;
}

/** A target failure: transient ones are retried with backoff, permanent ones stop the run. */
export class TargetError extends Error {
  readonly transient: boolean;
  constructor(message: string, options: { transient: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TargetError';
    this.transient = options.transient;
  }
}
