import type { TypedDoc } from '../../load/document.js';
import type { DeploymentTimeline } from '../../history/timeline.js';
import type { Config } from '../../world/config.js';

export type Verdict = 'pass' | 'fail' | 'pending';

/** Stable identifiers of the gate's checks (docs/output.md). */
export type CheckId =
  | 'validation'
  | 'immutable'
  | 'promotion-order'
  | 'metrics'
  | 'consumers'
  | 'freeze'
  | 'requires'
  | 'approvals'
  | 'policy-approvals';

/** The outcome of one check: a verdict, one exact sentence of why, and the evidence it used. */
export interface CheckResult {
  check: CheckId;
  verdict: Verdict;
  reason: string;
  /** What the verdict rests on, e.g. `git history of main` or `reviews of commit 1a2b3c4`. */
  evidence?: string;
}

/** Traffic histories of the environments promotions come from, and where they were read. */
export interface SoakEvidence {
  source: 'git' | 'state';
  /** For people: `git history of origin/main`, `state store sqlite:.slipway/state.db`. */
  label: string;
  /** Timelines of every deployment of an environment, by environment. */
  timelines: ReadonlyMap<string, readonly DeploymentTimeline[]>;
}

export interface ConsumerUseOf {
  consumer: TypedDoc<'Consumer'>;
  range: string;
}

/** What every check may read: both configurations, the evidence and the clock. Plain data. */
export interface CheckContext {
  /** Policies are read from here, never from the head. */
  base: Config;
  /** What will be live after the merge. */
  head: Config;
  now: Date;
  soak: SoakEvidence;
  /** Consumers of a head deployment, indexed once. */
  consumersOf(env: string, deployment: string): readonly ConsumerUseOf[];
}

export const pass = (check: CheckId, reason: string, evidence?: string): CheckResult => ({
  check,
  verdict: 'pass',
  reason,
  ...(evidence ? { evidence } : {}),
});
export const fail = (check: CheckId, reason: string, evidence?: string): CheckResult => ({
  check,
  verdict: 'fail',
  reason,
  ...(evidence ? { evidence } : {}),
});
export const pending = (check: CheckId, reason: string, evidence?: string): CheckResult => ({
  check,
  verdict: 'pending',
  reason,
  ...(evidence ? { evidence } : {}),
});
