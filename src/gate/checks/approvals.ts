import type { Review } from '../../github/types.js';
import type { Config } from '../../world/config.js';
import type { Change } from '../changes.js';
import { fail, pass, pending, type CheckContext, type CheckResult } from './types.js';

/** The pull request's reviews, with what is needed to judge them. */
export interface ReviewEvidence {
  /** GitHub login of the pull request's author: never counts. */
  author: string;
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
export function approvalRequirement(changes: readonly Change[], base: Config): ApprovalRequirement | undefined {
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
  const need = approvalRequirement(changes, ctx.base);
  if (!need) return undefined;
  const envs = need.envs.join(', ');
  const who = need.from.length > 0 ? ` from ${need.from.join(', ')}` : '';
  const what = `${need.required} approval${need.required === 1 ? '' : 's'}${who} (${need.rollbackOnly ? `a rollback in ${envs}` : `${envs}, the strictest environment touched`})`;
  if (need.required === 0) return pass('approvals', `${envs} requires no approvals`);
  return judge('approvals', what, need.required, need.from, ctx.base, reviews);
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
  const who = approvers.length > 0 ? ` from ${approvers.join(', ')}` : ' (no governance.policyApprovers: any reviewer)';
  return judge(
    'policy-approvals',
    `1 approval${who} for the policy change${policies.length === 1 ? '' : 's'}`,
    1,
    approvers,
    ctx.base,
    reviews,
  );
}

function judge(
  check: 'approvals' | 'policy-approvals',
  what: string,
  required: number,
  from: readonly string[],
  base: Config,
  reviews: ReviewEvidence | undefined,
): CheckResult {
  if (!reviews)
    return pending(check, `needs ${what}; reviews unknown without GitHub (run with --github in a pull request)`);
  const allowed = eligibleLogins(from, base);
  const counted: string[] = [];
  const ignored: string[] = [];
  for (const review of latestReviews(reviews.reviews)) {
    if (review.state !== 'APPROVED') continue;
    const login = review.user;
    if (sameLogin(login, reviews.author)) ignored.push(`${login} (author)`);
    else if (review.commitId !== reviews.headSha)
      ignored.push(`${login} (stale: approved ${review.commitId.slice(0, 7)})`);
    else if (allowed && !allowed.has(login.toLowerCase())) ignored.push(`${login} (not in ${from.join(', ')})`);
    else counted.push(login);
  }
  const has = counted.length > 0 ? `${counted.length}: ${counted.join(', ')}` : 'none';
  const not = ignored.length > 0 ? `; not counted: ${ignored.join(', ')}` : '';
  const evidence = `reviews of ${reviews.headSha.slice(0, 7)}`;
  const reason = `needs ${what}; has ${has}${not}`;
  return counted.length >= required ? pass(check, reason, evidence) : fail(check, reason, evidence);
}

/** Each reviewer's latest review; comments and pending reviews neither grant nor withdraw approval. */
export function latestReviews(reviews: readonly Review[]): Review[] {
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
