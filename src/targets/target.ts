import type { Kind } from '../kinds/index.js';
import type { EffectiveChange } from '../model/change.js';
import type { ResourceBody } from '../model/resource.js';

/** A resource as a target shows it now. */
export interface ObservedResource {
  kind: Kind;
  name: string;
  body: ResourceBody;
  hash: string;
}

/**
 * Where an environment's resources are made real. `apply` must be idempotent: after a crash the
 * same change may be applied again.
 */
export interface Target {
  readonly description: string;
  /** What the target runs now, for drift detection. */
  observe(env: string): Promise<ObservedResource[]>;
  /** Makes one change real. Throws a `TargetError` (transient or not) when it cannot. */
  apply(env: string, change: EffectiveChange): Promise<void>;
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
