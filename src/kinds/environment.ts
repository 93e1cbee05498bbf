import type { ApiVersion, Duration, Metadata, Name, Subject, Timestamp } from './common.js';

/** Where `apply` writes; `local` is the state store itself. */
export interface Target {
  /** Target type. */
  type: 'local';
}

/** Approvals required for a promotion. */
export interface ApprovalPolicy {
  /**
   * Number of distinct approvals required.
   * @minimum 0
   * @asType integer
   */
  required: number;
  /** Subjects whose approvals count, e.g. `team:risk-ml-leads`. */
  from?: Subject[];
}

/** A metric gate on a version's declared metrics. */
export interface MetricGate {
  /** Metric name, as declared in the model version's `metrics`. */
  name: string;
  /** Lowest acceptable value. */
  min?: number;
  /** Highest acceptable value. */
  max?: number;
  /** Models the gate applies to; without it, every model. */
  models?: Name[];
}

/** A window during which promotions are blocked. */
export interface FreezeWindow {
  /** Start of the window. */
  from: Timestamp;
  /** End of the window. */
  to: Timestamp;
  /** Why the freeze exists. */
  reason?: string;
}

/** Rules a change must satisfy to reach this environment. */
export interface PromotionPolicy {
  /** The environment a version must come from: the previous one in Project order. */
  from?: Name;
  /** How long a version must be live at 100% in `from` first. */
  soak?: Duration;
  /** Required approvals. */
  approvals?: ApprovalPolicy;
  /** Metric gates. */
  metrics?: MetricGate[];
  /**
   * Freeze windows: `apply` refuses to change the environment inside one, except for changes
   * that only move traffic back to older versions (rollbacks).
   */
  freeze?: FreezeWindow[];
  /**
   * Whether `apply --allow-unmerged` (break-glass: a commit not yet on the default branch) may
   * be used here; default `true`. `false` forbids it, as read on the default branch and on the
   * commit applied alike.
   */
  breakGlass?: boolean;
}

/** What every deployment in this environment must declare. */
export interface EnvironmentRequirements {
  /** Each deployment must name an error policy. */
  errorPolicy?: boolean;
  /** That error policy must have a fallback other than `none`. */
  fallback?: boolean;
}

/** An environment's target and promotion policy. */
export interface EnvironmentSpec {
  /** Where apply goes. */
  target: Target;
  /** Promotion policy into this environment. */
  promotion?: PromotionPolicy;
  /** Requirements on every deployment. */
  requires?: EnvironmentRequirements;
}

/** An environment (`environments/<env>/environment.yaml`). */
export interface Environment {
  apiVersion: ApiVersion;
  /** The kind of this document: always `Environment`. */
  kind: 'Environment';
  metadata: Metadata;
  spec: EnvironmentSpec;
}
