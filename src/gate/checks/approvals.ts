import type { Review } from '../../github/types.js';
import type { Change } from '../changes.js';
import { approvalTargets } from './approval-targets.js';
import { Approvers } from './approvers.js';
import {
  fail,
  pass,
  pending,
  type ApprovalNeed,
  type CheckContext,
  type CheckResult,
  type IgnoredApproval,
} from './types.js';

/** The pull request's reviews, with what is needed to judge them. */
export interface ReviewEvidence {
  /** GitHub login of the pull request's author: never counts. */
  author: string;
  /**
   * GitHub logins of every author and committer of the pull request's commits: never count
   * either (a commit whose email maps to no GitHub account has no login to match).
   */
  commitLogins: readonly string[];
  /** The commit under review: approvals of an earlier commit are stale. */
  headSha: string;
  reviews: readonly Review[];
}

/**
 * Approvals for the environments touched: one `approvals` check per deployment (and one per
 * environment for its changes that reach no deployment), each by its environment's
 * `promotion.approvals` in the base. A reviewer counts for a deployment when they are in `from`
 * and, where any AccessPolicy of the environment mentions `approve`, are allowed `approve` on
 * `deployment:<name>` there: an approval for one team's model says nothing about another's.
 * A deployment touched only by rollbacks needs one approval (its soak is skipped, not its
 * review). Targets that need none share one `none-required` check.
 */
export function checkApprovals(
  changes: readonly Change[],
  ctx: CheckContext,
  reviews: ReviewEvidence | undefined,
): CheckResult[] {
  const approvers = new Approvers(ctx.base);
  const results: CheckResult[] = [];
  let none: string[] | undefined;
  for (const target of approvalTargets(changes, ctx.base, ctx.head)) {
    const { env, deployment } = target;
    const policy = ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.approvals;
    const required = target.rollbackOnly ? 1 : (policy?.required ?? 0);
    const from = [...(policy?.from ?? [])];
    if (required === 0) {
      if (!none) results.push(pass('approvals', { code: 'none-required', envs: (none = []) }));
      if (!none.includes(env)) none.push(env);
      continue;
    }
    const inFrom = (login: string): IgnoredApproval | undefined =>
      from.length === 0 || approvers.isOneOf(login, from) ? undefined : { login, why: 'not-eligible' };
    if (deployment === undefined) {
      const need: ApprovalNeed = { for: 'environment', env, subjects: target.subjects, required, from };
      results.push(judge('approvals', need, required, inFrom, reviews));
      continue;
    }
    const scoped = approvers.scoped(env);
    const need: ApprovalNeed = {
      for: 'deployment',
      env,
      deployment,
      required,
      from,
      rollbackOnly: target.rollbackOnly,
      scoped,
    };
    const resource = `deployment:${deployment}`;
    const eligible = (login: string): IgnoredApproval | undefined => {
      const denial = scoped ? approvers.denial(env, login, resource) : undefined;
      return inFrom(login) ?? (denial && { login, why: 'not-allowed', env, resource, denial });
    };
    results.push(judge('approvals', need, required, eligible, reviews));
  }
  return results;
}

/** Changes to Project, Environment or AccessPolicy need an approval from `governance.policyApprovers`. */
export function checkPolicyApprovals(
  changes: readonly Change[],
  ctx: CheckContext,
  reviews: ReviewEvidence | undefined,
): CheckResult | undefined {
  const policies = changes.filter((c) => c.type === 'policy-change');
  if (policies.length === 0) return undefined;
  const approvers = [...(ctx.base.project?.resource.spec.governance?.policyApprovers ?? [])];
  const people = new Approvers(ctx.base);
  return judge(
    'policy-approvals',
    { for: 'policy', approvers, changes: policies.length },
    1,
    (login) =>
      approvers.length === 0 || people.isOneOf(login, approvers) ? undefined : { login, why: 'not-eligible' },
    reviews,
  );
}

/**
 * Counts the approvals of the head commit that `refuse` lets through. Never the author's, never
 * one given on another commit; each reviewer's latest review only.
 */
export function judge(
  check: 'approvals' | 'policy-approvals' | 'version-approvals',
  need: ApprovalNeed,
  required: number,
  refuse: (login: string) => IgnoredApproval | undefined,
  reviews: ReviewEvidence | undefined,
): CheckResult {
  if (!reviews) return pending(check, { code: 'reviews-unknown', need });
  const counted: string[] = [];
  const ignored: IgnoredApproval[] = [];
  for (const review of latestReviews(reviews.reviews)) {
    if (review.state !== 'APPROVED') continue;
    const login = review.user;
    if (sameLogin(login, reviews.author)) ignored.push({ login, why: 'author' });
    else if (reviews.commitLogins.some((c) => sameLogin(login, c))) ignored.push({ login, why: 'committer' });
    else if (review.commitId !== reviews.headSha) ignored.push({ login, why: 'stale', commit: review.commitId });
    else {
      const refused = refuse(login);
      if (refused) ignored.push(refused);
      else counted.push(login);
    }
  }
  const evidence = { kind: 'reviews', headSha: reviews.headSha } as const;
  const detail = { code: 'reviewed', need, counted, ignored } as const;
  return counted.length >= required ? pass(check, detail, evidence) : fail(check, detail, evidence);
}

/** Each reviewer's latest review; comments and pending reviews neither grant nor withdraw approval. */
function latestReviews(reviews: readonly Review[]): Review[] {
  const latest = new Map<string, { review: Review; order: number }>();
  reviews.forEach((review, order) => {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') return;
    const key = review.user.toLowerCase();
    const seen = latest.get(key);
    if (!seen || later(review, order, seen.review, seen.order)) latest.set(key, { review, order });
  });
  return [...latest.values()].map((x) => x.review);
}

function later(a: Review, ai: number, b: Review, bi: number): boolean {
  const at = a.submittedAt ? Date.parse(a.submittedAt) : NaN;
  const bt = b.submittedAt ? Date.parse(b.submittedAt) : NaN;
  if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return at > bt;
  return a.id !== b.id ? a.id > b.id : ai > bi;
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
