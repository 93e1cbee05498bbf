import type { Review } from '../../github/types.js';
import type { Config } from '../../world/config.js';
import type { Change } from '../changes.js';
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

/** How many approvals, from whom, and why that requirement. */
export interface ApprovalRequirement {
  required: number;
  /** Subjects whose approvals count; empty means any reviewer but the author. */
  from: string[];
  /** Environments that set the requirement. */
  envs: string[];
  rollbackOnly: boolean;
}

/**
 * The strictest environment touched sets the number: its `promotion.approvals` from the base.
 * An environment touched only by rollbacks needs one approval (its soak is skipped, not its review).
 */
function approvalRequirement(changes: readonly Change[], base: Config): ApprovalRequirement | undefined {
  const perEnv = new Map<string, { rollbackOnly: boolean }>();
  for (const c of changes) {
    if (c.env === undefined) continue;
    const seen = perEnv.get(c.env);
    perEnv.set(c.env, { rollbackOnly: (seen?.rollbackOnly ?? true) && c.type === 'rollback' });
  }
  let best: ApprovalRequirement | undefined;
  for (const [env, { rollbackOnly }] of [...perEnv].sort(([a], [b]) => a.localeCompare(b))) {
    const policy = base.environments.get(env)?.environment?.resource.spec.promotion?.approvals;
    const required = rollbackOnly ? 1 : (policy?.required ?? 0);
    const from = policy?.from ?? [];
    if (!best || required > best.required) best = { required, from: [...from], envs: [env], rollbackOnly };
    else if (required === best.required) {
      best.envs.push(env);
      best.rollbackOnly &&= rollbackOnly;
      // Tied environments: a reviewer allowed by either counts.
      best.from = best.from.length === 0 || from.length === 0 ? [] : [...new Set([...best.from, ...from])];
    }
  }
  return best;
}

/** Approvals for the environments touched, from the base's policies. */
export function checkApprovals(
  changes: readonly Change[],
  ctx: CheckContext,
  reviews: ReviewEvidence | undefined,
): CheckResult | undefined {
  const requirement = approvalRequirement(changes, ctx.base);
  if (!requirement) return undefined;
  if (requirement.required === 0) return pass('approvals', { code: 'none-required', envs: requirement.envs });
  return judge(
    'approvals',
    { for: 'environments', requirement },
    requirement.required,
    requirement.from,
    ctx.base,
    reviews,
  );
}

/** Changes to Project, Environment or AccessPolicy need an approval from `governance.policyApprovers`. */
export function checkPolicyApprovals(
  changes: readonly Change[],
  ctx: CheckContext,
  reviews: ReviewEvidence | undefined,
): CheckResult | undefined {
  const policies = changes.filter((c) => c.type === 'policy-change');
  if (policies.length === 0) return undefined;
  const approvers = ctx.base.project?.resource.spec.governance?.policyApprovers ?? [];
  return judge(
    'policy-approvals',
    { for: 'policy', approvers: [...approvers], changes: policies.length },
    1,
    approvers,
    ctx.base,
    reviews,
  );
}

function judge(
  check: 'approvals' | 'policy-approvals',
  need: ApprovalNeed,
  required: number,
  from: readonly string[],
  base: Config,
  reviews: ReviewEvidence | undefined,
): CheckResult {
  if (!reviews) return pending(check, { code: 'reviews-unknown', need });
  const allowed = eligibleLogins(from, base);
  const counted: string[] = [];
  const ignored: IgnoredApproval[] = [];
  for (const review of latestReviews(reviews.reviews)) {
    if (review.state !== 'APPROVED') continue;
    const login = review.user;
    if (sameLogin(login, reviews.author)) ignored.push({ login, why: 'author' });
    else if (reviews.commitLogins.some((c) => sameLogin(login, c))) ignored.push({ login, why: 'committer' });
    else if (review.commitId !== reviews.headSha) ignored.push({ login, why: 'stale', commit: review.commitId });
    else if (allowed && !allowed.has(login.toLowerCase())) ignored.push({ login, why: 'not-eligible' });
    else counted.push(login);
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

/** GitHub logins allowed by `team:` and `user:` subjects (teams from the base Project); undefined = anyone. */
function eligibleLogins(from: readonly string[], base: Config): Set<string> | undefined {
  if (from.length === 0) return undefined;
  const teams = base.project?.resource.spec.teams ?? {};
  const logins = new Set<string>();
  for (const subject of from) {
    const [type, name] = [subject.slice(0, subject.indexOf(':')), subject.slice(subject.indexOf(':') + 1)];
    if (type === 'team')
      for (const m of Object.prototype.hasOwnProperty.call(teams, name) ? teams[name]!.members : [])
        logins.add(m.toLowerCase());
    else if (type === 'user') logins.add(name.toLowerCase());
  }
  return logins;
}

function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
