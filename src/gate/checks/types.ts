import type { TypedDoc } from '../../load/document.js';
import type { FirstSeen } from '../../history/first-seen.js';
import type { DeploymentTimeline } from '../../history/timeline.js';
import type { TrafficSplit } from '../../kinds/deployment.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { FieldChange } from '../../model/diff.js';
import type { ChainVerdict } from '../../state/chain.js';
import type { StateUrlSource } from '../../state/url.js';
import type { Config } from '../../world/config.js';

export type Verdict = 'pass' | 'fail' | 'pending';

/**
 * Where soak times were read: a state store's audit log (what was applied), or, when the store
 * holds no applied history, the base branch's git history, saying why.
 */
export type SoakSource =
  | { kind: 'state-store'; store: string }
  | {
      kind: 'git-history';
      rev: string;
      /** The store that was not read: its SQLite file does not exist, and where it was named. */
      fallback: { reason: 'store-missing'; store: string; from: StateUrlSource };
    };

/** A row of an audit log that fails verification (`history --verify`): the first one found. */
export type AuditBreak = Omit<Extract<ChainVerdict, { intact: false }>, 'intact'>;

/**
 * Git evidence only: why a soak counts from later than the committer date of the commit that
 * put the version at 100%. `since` (in the check's detail) is the time counted from.
 */
export interface SoakClamp {
  /** The commit that put the version at 100%, and the committer date it claims. */
  commit: string;
  claimed: string;
  because:
    /** An earlier first-parent commit of the branch is dated later: no commit reached it before its parent. */
    | { kind: 'first-parent' }
    /** The version first appears in the base branch's model registry in a later commit. */
    | { kind: 'first-appearance'; version: string; commit: string }
    /** The version's `createdAt` (in the base) is later. */
    | { kind: 'created-at'; version: string };
}

/** What the gate says about its soak evidence beyond where it was read. */
export type SoakNote = {
  /** First-parent commits of the base branch, in the timelines read, dated earlier than a commit before them. */
  kind: 'backdated-commits';
  rev: string;
  /** Each commit, the committer date it claims, and the time it counts from. */
  commits: Array<{ commit: string; committed: string; counted: string }>;
};

/** What a verdict rests on, beyond the configuration itself. */
export type Evidence =
  | SoakSource
  /** The pull request's reviews, of its head commit. */
  | { kind: 'reviews'; headSha: string }
  /** The clock, as an ISO timestamp. */
  | { kind: 'clock'; at: string }
  | { kind: 'metrics'; model: string; version: string }
  /** The model's registry: a version is missing from it. */
  | { kind: 'model'; model: string }
  | { kind: 'consumers'; env: string }
  | { kind: 'requires'; env: string }
  /** Both revisions' model registries. */
  | { kind: 'registries' };

/** `validation`: the head revision has no errors, or how many and the first. */
type ValidationDetail =
  { code: 'valid'; rev: string } | { code: 'invalid'; rev: string; errors: number; first: Diagnostic };

/** A version a pull request releases: from candidate (or new) to a status that may serve traffic. */
export interface VersionRelease {
  version: string;
  /** `candidate` in the base, or `null` when the version is new in the head. */
  from: 'candidate' | null;
  to: 'approved' | 'deprecated';
}

/** The approvals a pull request needs, each judged on its own. */
export type ApprovalNeed =
  /** Changes of one deployment in one environment, by that environment's `promotion.approvals` (base). */
  | {
      for: 'deployment';
      env: string;
      deployment: string;
      required: number;
      /** `promotion.approvals.from`; empty means any reviewer. */
      from: string[];
      /** Every change of the deployment is a rollback: one approval is enough. */
      rollbackOnly: boolean;
      /** An AccessPolicy of the environment mentions `approve`: reviewers must be allowed it on the deployment. */
      scoped: boolean;
    }
  /** Changes of an environment that no deployment carries (its Environment, an AccessPolicy, an unused error policy...). */
  | { for: 'environment'; env: string; subjects: string[]; required: number; from: string[] }
  | {
      for: 'policy';
      /** `governance.policyApprovers` of the base; empty means any reviewer. */
      approvers: string[];
      /** How many policy changes the pull request makes. */
      changes: number;
    }
  /** Versions of one model released by the pull request: its owners (base) approve. */
  | {
      for: 'versions';
      model: string;
      /** The model's `owners` in the base; empty when the model is new (then nobody can approve). */
      owners: string[];
      /** Environments whose AccessPolicies (base) have an `approve` rule reaching `model:<name>`. */
      envs: string[];
      versions: VersionRelease[];
    };

/** Why an AccessPolicy refuses `approve`: a deny rule, or no rule allowing it (default deny). */
export type ApproveDenial =
  | { effect: 'deny'; policy: string; file: string; /** 1-based, in `spec.rules`. */ rule: number }
  | { effect: 'default-deny' };

/** An approval that does not count, and why. */
export type IgnoredApproval =
  | { login: string; why: 'author' }
  /** Authored or committed a commit of the pull request. */
  | { login: string; why: 'committer' }
  | { login: string; why: 'stale'; commit: string }
  /** Not in `from`, the policy approvers, or the model's owners. */
  | { login: string; why: 'not-eligible' }
  /** Eligible, but the environment's AccessPolicies do not allow `approve` on `resource`. */
  | { login: string; why: 'not-allowed'; env: string; resource: string; denial: ApproveDenial };

/** `reviewed-revision`: the judged revision (`rev`, resolved to `commit`) against the reviewed head. */
export type ReviewedRevisionDetail =
  /** The judged commit is the head the reviews were given on. */
  | { code: 'head'; rev: string; commit: string }
  /** A merge of exactly the reviewed head into `base` (its first parent is in `base`'s history). */
  | { code: 'merge'; rev: string; commit: string; reviewed: string; base: string }
  | {
      code: 'mismatch';
      rev: string;
      commit: string;
      reviewed: string;
      base: string;
      /** When the judged commit is a merge (two parents): the commit it merges, and whether into `base`. */
      merge?: { of: string; intoBase: boolean };
    };

/** `approvals`, `policy-approvals`, `version-approvals`. */
export type ApprovalDetail =
  | { code: 'none-required'; envs: string[] }
  | { code: 'reviews-unknown'; need: ApprovalNeed }
  | { code: 'reviewed'; need: ApprovalNeed; counted: string[]; ignored: IgnoredApproval[] };

/** `immutable`: a released version changed, or was removed. `fields` are the change's own. */
export interface ImmutableDetail {
  model: string;
  version: string;
  status: string;
  removed: boolean;
  fields: FieldChange[];
}

/** `revoked`: a revoked version was made `approved` or `candidate` again. */
export interface RevokedDetail {
  model: string;
  version: string;
  to: 'approved' | 'candidate' | 'deprecated';
}

/** `version-lifecycle`: a version added already released, without having been a candidate. */
export interface VersionLifecycleDetail {
  model: string;
  version: string;
  status: 'approved' | 'deprecated';
}

/** `promotion-order`: where the version stands in the environment promotions come from. */
export type PromotionOrderDetail =
  /** The model has no deployment in `from`. */
  | { code: 'not-deployed'; model: string; version: string; from: string }
  /** The version does not have all of the traffic of any deployment of the model in `from`. */
  | { code: 'not-full'; model: string; version: string; from: string; deployment: string; serving: TrafficSplit[] }
  | {
      code: 'soaked';
      from: string;
      deployment: string;
      since: string;
      elapsedMs: number;
      soak: string;
      clamp?: SoakClamp;
    }
  | {
      code: 'soaking';
      env: string;
      from: string;
      deployment: string;
      since: string;
      elapsedMs: number;
      soak: string;
      readyAt: string;
      clamp?: SoakClamp;
    }
  /** The audit log the soak evidence of `from` comes from fails verification: the evidence is refused. */
  | ({ code: 'audit-broken'; from: string; store: string } & AuditBreak)
  /** Skipped: a rollback to a version that was live in `env` before. */
  | { code: 'rollback'; version: string; env: string };

/** Which canary `canary-interval` judges, and the interval its environment asks for. */
interface CanaryStep {
  env: string;
  deployment: string;
  version: string;
  interval: string;
}

/** `canary-interval`: how long the deployment's current traffic split has run. */
export type CanaryIntervalDetail =
  /** The evidence does not show the version with a share of the deployment: its canary has not run. */
  | (CanaryStep & { code: 'not-running' })
  | (CanaryStep & { code: 'waited'; since: string; elapsedMs: number })
  | (CanaryStep & { code: 'too-soon'; since: string; elapsedMs: number; readyAt: string })
  /** The environment's audit log fails verification: how long the split ran is not known. */
  | (CanaryStep & { code: 'audit-broken'; store: string } & AuditBreak);

/** One metric gate against the version's declared value. */
export type MetricOutcome = { name: string; min?: number; max?: number } & (
  { outcome: 'undeclared' } | { outcome: 'below' | 'above' | 'met'; value: number }
);

/** `metrics`. */
export type MetricsDetail =
  | { code: 'no-gates'; env: string; model: string }
  | { code: 'unknown-version'; model: string; version: string }
  | { code: 'measured'; model: string; version: string; gates: MetricOutcome[] };

/** A Consumer that cannot use what will be live. */
export type ConsumerProblem =
  | { consumer: string; range: string; problem: 'invalid-range' }
  | { consumer: string; range: string; problem: 'excludes'; version: string };

/** `consumers`. */
export type ConsumersDetail =
  | { code: 'no-consumers'; env: string; deployment: string }
  | { code: 'broken'; env: string; problems: ConsumerProblem[] }
  | { code: 'satisfied'; env: string; live: string[]; uses: Array<{ consumer: string; range: string }> };

/** `freeze`. */
export type FreezeDetail =
  | { code: 'no-windows'; env: string }
  | { code: 'frozen'; env: string; window: { from: string; to: string; reason?: string } }
  | { code: 'open'; env: string };

/** What one deployment has of what its environment requires. */
export type RequiresOutcome =
  | { deployment: string; outcome: 'no-policy' }
  | { deployment: string; policy: string; outcome: 'unknown-policy' }
  | { deployment: string; policy: string; outcome: 'no-fallback' }
  | { deployment: string; policy: string; outcome: 'met'; fallback: string };

/** `requires`. */
export type RequiresDetail =
  | { code: 'not-required'; env: string }
  | { code: 'checked'; env: string; fallbackRequired: boolean; deployments: RequiresOutcome[] };

/** One input of a promoted deployment against the environment's `dataVerified`. */
export type DataVerifiedOutcome =
  | { source: string; outcome: 'verified' | 'stale'; at: string; ageMs: number }
  /** No passing run of the source is recorded in the environment. */
  | { source: string; outcome: 'never' };

/** `data-verified`. */
export type DataVerifiedDetail =
  | { code: 'no-inputs'; env: string; deployment: string }
  /** The state store does not exist (its SQLite file): no verification is recorded in it. */
  | { code: 'no-store'; env: string; deployment: string; sources: string[]; maxAge: string; store: string }
  | { code: 'checked'; env: string; deployment: string; maxAge: string; sources: DataVerifiedOutcome[] };

/** Each check's data, by its stable identifier (docs/output.md). */
export interface CheckDetails {
  validation: ValidationDetail;
  immutable: ImmutableDetail;
  revoked: RevokedDetail;
  'version-lifecycle': VersionLifecycleDetail;
  'promotion-order': PromotionOrderDetail;
  'canary-interval': CanaryIntervalDetail;
  metrics: MetricsDetail;
  consumers: ConsumersDetail;
  freeze: FreezeDetail;
  requires: RequiresDetail;
  'reviewed-revision': ReviewedRevisionDetail;
  approvals: ApprovalDetail;
  'policy-approvals': ApprovalDetail;
  'version-approvals': ApprovalDetail;
  'data-verified': DataVerifiedDetail;
}

/** Stable identifiers of the gate's checks (docs/output.md). */
export type CheckId = keyof CheckDetails;

/**
 * The outcome of one check: a verdict, the data it was reached from (src/format/gate-view.ts
 * says it in words), and the evidence it used.
 */
export type CheckResult = {
  [C in CheckId]: { check: C; verdict: Verdict; detail: CheckDetails[C]; evidence?: Evidence };
}[CheckId];

/** Traffic histories of the environments promotions come from, and where they were read. */
export type SoakEvidence =
  | {
      source: Extract<SoakSource, { kind: 'state-store' }>;
      /** Timelines of every deployment of an environment, by environment. */
      timelines: ReadonlyMap<string, readonly DeploymentTimeline[]>;
      /** Environments whose audit log fails verification: their timelines are not evidence. */
      broken: ReadonlyMap<string, AuditBreak>;
    }
  | {
      source: Extract<SoakSource, { kind: 'git-history' }>;
      timelines: ReadonlyMap<string, readonly DeploymentTimeline[]>;
      /** When each promoted version first appeared in the base branch's models, by `versionKey`. */
      firstSeen: ReadonlyMap<string, FirstSeen>;
    };

export interface ConsumerUseOf {
  consumer: TypedDoc<'Consumer'>;
  range: string;
}

/** `data verify` runs recorded in the state store: each source's newest passing run, by environment. */
export interface VerificationEvidence {
  store: string;
  /** ISO 8601 time of the newest passing run, by environment, then source. */
  passing: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** What every check may read: both configurations, the evidence and the clock. Plain data. */
export interface CheckContext {
  /** Policies are read from here, never from the head. */
  base: Config;
  /** What will be live after the merge. */
  head: Config;
  now: Date;
  soak: SoakEvidence;
  /** Absent when the gate reads no state store. */
  verifications?: VerificationEvidence;
  /** Consumers of a head deployment, indexed once. */
  consumersOf(env: string, deployment: string): readonly ConsumerUseOf[];
}

const judged =
  (verdict: Verdict) =>
  <C extends CheckId>(check: C, detail: CheckDetails[C], evidence?: Evidence): Extract<CheckResult, { check: C }> =>
    ({ check, verdict, detail, ...(evidence ? { evidence } : {}) }) as Extract<CheckResult, { check: C }>;

export const pass = judged('pass');
export const fail = judged('fail');
export const pending = judged('pending');

/** The clock as evidence. */
export const clock = (now: Date): Evidence => ({ kind: 'clock', at: now.toISOString() });
