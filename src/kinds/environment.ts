import type { ApiVersion, Duration, Metadata, Name, Subject, Timestamp } from './common.js';

/** Where `apply` writes: `local` (the state store itself) or `kubernetes` (manifests on a deploy branch). */
export type Target = LocalTarget | KubernetesTarget;

/** The embedded default: the state store is the record of what runs. */
export interface LocalTarget {
  /** `local`: apply records desired state in the state store, and nothing else. */
  type: 'local';
}

/**
 * Kubernetes the GitOps way: apply renders validated manifests onto a deploy branch, and Argo CD
 * or Flux syncs that branch into the cluster.
 */
export interface KubernetesTarget {
  /** `kubernetes`: KServe InferenceServices, Istio routing and access, and batch CronJobs. */
  type: 'kubernetes';
  /** The namespace every rendered object lives in: a lowercase DNS label. */
  namespace: Name;
  /**
   * The branch the rendered manifests are committed to (default `deploy/<environment>`).
   * @pattern ^[A-Za-z0-9][-A-Za-z0-9._/]*$
   */
  branch?: string;
  /**
   * The folder on that branch that holds the manifests (default `manifests`); no segment may start with a dot.
   * @pattern ^[-A-Za-z0-9_][-A-Za-z0-9._]*(/[-A-Za-z0-9_][-A-Za-z0-9._]*)*$
   */
  path?: string;
  /** KServe's deployment mode: `Standard` (Deployments and HPA, the default) or `Knative` (serverless). */
  deploymentMode?: 'Standard' | 'Knative';
  /** The Istio gateway that exposes realtime endpoints, as `<namespace>/<name>`; without it, mesh-internal only. */
  gateway?: string;
  /**
   * The host realtime endpoints are served on (default `<deployment>.<namespace>.svc.cluster.local`).
   * @pattern ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
   */
  host?: string;
  /** The container image that runs batch deployments; required when the environment has one. */
  batchImage?: string;
  /** Push the deploy branch to `origin` (with a lease) after committing; default false. */
  push?: boolean;
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

/** How a canary may advance in this environment. */
export interface CanaryPolicy {
  /**
   * The least time between two traffic changes of a version here: a canary step or a full
   * rollout must come at least this long after the version's share last changed, e.g. `1h`.
   */
  minStepInterval?: Duration;
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
  /**
   * How long a version must be live at 100% in `from` first; checked again at every canary step
   * and at the full rollout, not only at the first canary.
   */
  soak?: Duration;
  /** Required approvals. */
  approvals?: ApprovalPolicy;
  /** Metric gates. */
  metrics?: MetricGate[];
  /** How canaries advance: the least time between their steps. */
  canary?: CanaryPolicy;
  /**
   * Freeze windows: `apply` refuses to change the environment inside one, except for changes
   * that only move traffic back to older versions (rollbacks).
   */
  freeze?: FreezeWindow[];
  /**
   * Every input of a promoted deployment must have a passing `slipway data verify` run in this
   * environment no older than this, e.g. `24h`.
   */
  dataVerified?: Duration;
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
  /** Every data source a deployment reads (`inputs`) must declare `freshness` and a `refresh` schedule. */
  freshness?: boolean;
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
