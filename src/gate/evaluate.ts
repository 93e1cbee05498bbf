import { locateFindings } from '../load/locate.js';
import type { Diagnostic, Finding } from '../model/diagnostic.js';
import type { Config } from '../world/config.js';
import type { CommitParentage } from '../git/parents.js';
import type { Change } from './changes.js';
import { checkApprovals, checkPolicyApprovals, type ReviewEvidence } from './checks/approvals.js';
import { checkCanaryInterval } from './checks/canary-interval.js';
import { checkConsumers } from './checks/consumers.js';
import { checkDataVerified } from './checks/data-verified.js';
import { checkFreeze } from './checks/freeze.js';
import { checkImmutable } from './checks/immutable.js';
import { checkMetrics } from './checks/metrics.js';
import { checkPromotionOrder } from './checks/promotion-order.js';
import { checkRequires } from './checks/requires.js';
import { checkReviewedRevision } from './checks/reviewed-revision.js';
import { checkRevoked } from './checks/revoked.js';
import { checkVersionApprovals } from './checks/version-approvals.js';
import { checkVersionLifecycle } from './checks/version-lifecycle.js';
import {
  fail,
  pass,
  type CheckContext,
  type CheckResult,
  type ConsumerUseOf,
  type Evidence,
  type ImmutableDetail,
  type SoakEvidence,
  type SoakNote,
  type SoakSource,
  type Verdict,
  type VerificationEvidence,
} from './checks/types.js';

export interface RevisionRef {
  /** As given: `origin/main`, `HEAD`. */
  rev: string;
  commit: string;
}

/** Everything the gate judges, as data: the gate itself does no I/O. */
export interface GateInput {
  base: { ref: RevisionRef; config: Config };
  head: {
    ref: RevisionRef;
    config: Config;
    diagnostics: readonly Diagnostic[];
    texts: ReadonlyMap<string, string>;
    /** Files the pull request adds or changes: a finding about two files lands on the changed one. */
    changedFiles: ReadonlySet<string>;
  };
  changes: readonly Change[];
  soak: SoakEvidence;
  /** `data verify` runs from the state store (`gate --state`); absent without one. */
  verifications?: VerificationEvidence;
  /** Absent without GitHub: approval checks are then pending. */
  reviews?: ReviewEvidence;
  /** The head commit's parents against the base, read with the reviews: is it what they were given on? */
  headParentage?: CommitParentage;
  now: Date;
}

interface ChangeReport {
  change: Change;
  verdict: Verdict;
  checks: CheckResult[];
  /** Where the change is in the head (the base, for a deletion): for annotations and links. */
  location: { file: string; line: number };
}

/** A released version changed in the head: where (for annotations), and how. */
export interface ImmutabilityViolation {
  /** The changed field in the head's file; the `immutable` check's detail says what changed. */
  at: Omit<Diagnostic<'released-version-immutable'>, 'message'>;
  detail: ImmutableDetail;
}

/** The gate's judgement as data; src/format/gate-view.ts says it in words. */
export interface GateReport {
  verdict: Verdict;
  base: RevisionRef;
  head: RevisionRef;
  /**
   * Where the soak evidence came from (and why git, when it is git), what to know about it,
   * and whose reviews were read (none without GitHub).
   */
  evidence: { soak: SoakSource; notes: SoakNote[]; reviews: Extract<Evidence, { kind: 'reviews' }> | null };
  /** Every change, in order; policy changes are judged by the base's policies, not their own. */
  changes: ChangeReport[];
  /** Checks of the whole pull request: head validation, the reviewed revision, then approvals (deployments, versions, policies). */
  checks: CheckResult[];
  /** Errors of the head revision, located in its files. */
  diagnostics: Diagnostic[];
  violations: ImmutabilityViolation[];
}

/** Judges the head's changes by the base's policies. Pure. */
export function evaluateGate(input: GateInput): GateReport {
  const ctx = checkContext(input);
  const lines = changeLines(input);
  const changes = input.changes.map((change, i) => reportChange(change, ctx, lines[i]!));
  const errors = onChangedSide(
    input.head.diagnostics.filter((d) => d.severity === 'error'),
    input.head.changedFiles,
  );
  const rev = input.head.ref.rev;
  const checks: CheckResult[] = [
    errors.length === 0
      ? pass('validation', { code: 'valid', rev })
      : fail('validation', { code: 'invalid', rev, errors: errors.length, first: errors[0]! }),
  ];
  if (input.reviews)
    checks.push(checkReviewedRevision(input.head.ref, input.base.ref.rev, input.reviews.headSha, input.headParentage));
  checks.push(...checkApprovals(input.changes, ctx, input.reviews));
  checks.push(...checkVersionApprovals(input.changes, ctx, input.reviews));
  const policy = checkPolicyApprovals(input.changes, ctx, input.reviews);
  if (policy) checks.push(policy);

  const all = [...checks, ...changes.flatMap((c) => c.checks)];
  return {
    verdict: combine(all.map((c) => c.verdict)),
    base: input.base.ref,
    head: input.head.ref,
    evidence: {
      soak: input.soak.source,
      notes: soakNotes(input.soak),
      reviews: input.reviews ? { kind: 'reviews', headSha: input.reviews.headSha } : null,
    },
    changes,
    checks,
    diagnostics: errors,
    violations: immutabilityViolations(input),
  };
}

function checkContext(input: GateInput): CheckContext {
  const index = new Map<string, ConsumerUseOf[]>();
  for (const [env, e] of input.head.config.environments) {
    for (const consumer of e.consumers.values()) {
      for (const use of consumer.resource.spec.uses) {
        const key = `${env}/${use.deployment}`;
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push({ consumer, range: use.contract });
      }
    }
  }
  return {
    base: input.base.config,
    head: input.head.config,
    now: input.now,
    soak: input.soak,
    ...(input.verifications ? { verifications: input.verifications } : {}),
    consumersOf: (env, deployment) => index.get(`${env}/${deployment}`) ?? [],
  };
}

/** The line of each change's document (its traffic, for traffic moves) in the head's files. */
function changeLines(input: GateInput): number[] {
  const findings: Finding<string>[] = input.changes.map((c) => ({
    severity: 'error',
    code: c.type,
    message: String(input.changes.indexOf(c)),
    file: c.source.file,
    document: c.source.document,
    path: 'to' in c && c.type !== 'deployment-added' ? ['spec', 'traffic'] : [],
  }));
  const lines = new Array<number>(findings.length).fill(1);
  for (const d of locateFindings(findings, input.head.texts)) lines[Number(d.message)] = d.line;
  return lines;
}

function reportChange(change: Change, ctx: CheckContext, line: number): ChangeReport {
  const checks: CheckResult[] = [];
  const add = (r: CheckResult | undefined): void => void (r && checks.push(r));
  switch (change.type) {
    case 'promotion':
    case 'canary-step':
    case 'full-rollout':
    case 'traffic-change':
    case 'rollback': {
      // Soak is judged again at every step of a canary and at its full rollout, not only at the first.
      if (change.type === 'promotion' || change.type === 'canary-step' || change.type === 'full-rollout')
        add(checkPromotionOrder(change.env, change.deployment, change.model, change.version, ctx));
      if (change.type === 'canary-step' || change.type === 'full-rollout')
        add(checkCanaryInterval(change.env, change.deployment, change.version, ctx));
      if (change.type === 'promotion') add(checkDataVerified(change.env, change.deployment, ctx));
      if (
        change.type === 'rollback' &&
        ctx.base.environments.get(change.env)?.environment?.resource.spec.promotion?.from
      ) {
        add(pass('promotion-order', { code: 'rollback', version: change.version, env: change.env }));
      }
      if (change.type !== 'rollback' && change.type !== 'traffic-change')
        add(checkMetrics(change.env, change.model, change.version, ctx));
      add(checkConsumers(change.env, change.deployment, change.to, ctx));
      if (change.type !== 'rollback') add(checkFreeze(change.env, ctx));
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    }
    case 'deployment-added': {
      for (const t of change.to) {
        if (t.percent <= 0) continue;
        add(checkPromotionOrder(change.env, change.deployment, change.model, t.version, ctx));
        add(checkMetrics(change.env, change.model, t.version, ctx));
      }
      add(checkDataVerified(change.env, change.deployment, ctx));
      add(checkConsumers(change.env, change.deployment, change.to, ctx));
      add(checkFreeze(change.env, ctx));
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    }
    case 'deployment-updated':
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    case 'error-policy-change': {
      const users = [...(ctx.head.environments.get(change.env)?.deployments.values() ?? [])]
        .filter((d) => d.resource.spec.errorPolicy === change.name)
        .map((d) => d.name);
      if (change.action !== 'added') add(checkRequires(change.env, users, ctx));
      break;
    }
    case 'consumer-change': {
      const consumer = ctx.head.environments.get(change.env)?.consumers.get(change.name);
      for (const use of consumer?.resource.spec.uses ?? []) {
        const traffic = ctx.head.environments.get(change.env)?.deployments.get(use.deployment)?.resource.spec.traffic;
        if (traffic) add(checkConsumers(change.env, use.deployment, traffic, ctx));
      }
      break;
    }
    case 'released-version-mutated':
      add(checkImmutable(change));
      break;
    case 'model-updated':
      checks.push(...checkRevoked(change));
      break;
    case 'model-version-added':
      add(checkVersionLifecycle(change));
      break;
    case 'deployment-removed':
    case 'policy-change':
    case 'data-source-change':
      break;
  }
  return {
    change,
    verdict: combine(checks.map((c) => c.verdict)),
    checks,
    location: { file: change.source.file, line },
  };
}

/** Immutability violations located on the head's lines, for annotations. */
function immutabilityViolations(input: GateInput): ImmutabilityViolation[] {
  const findings: Finding<'released-version-immutable'>[] = [];
  const details: ImmutableDetail[] = [];
  for (const c of input.changes) {
    if (c.type !== 'released-version-mutated') continue;
    const { detail } = checkImmutable(c);
    for (const [i, path] of c.paths.entries()) {
      findings.push({
        severity: 'error',
        code: 'released-version-immutable',
        // Located by index; the words come from the `immutable` check's detail (src/format/).
        message: String(details.length),
        file: c.source.file,
        document: c.source.document,
        path,
      });
      // One violation per changed field, each saying only its own change.
      details.push({ ...detail, fields: [c.fields[i]!] });
    }
  }
  if (findings.length === 0) return [];
  return locateFindings(findings, input.head.texts).map(({ message, ...at }) => ({
    at,
    detail: details[Number(message)]!,
  }));
}

/**
 * A finding reported in each of several files (a path two deployments share) is kept only in the
 * files the pull request changed, when it changed one of them: the reviewer sees it where the
 * conflict was introduced, not on the untouched file it collides with.
 */
function onChangedSide(errors: readonly Diagnostic[], changed: ReadonlySet<string>): Diagnostic[] {
  return errors.filter((d) => !d.related || changed.has(d.file) || !d.related.some((file) => changed.has(file)));
}

/** Commits of the git timelines read whose committer date is earlier than a commit before them. */
function soakNotes(soak: SoakEvidence): SoakNote[] {
  if (soak.source.kind !== 'git-history') return [];
  const backdated = new Map<string, { commit: string; committed: string; counted: string }>();
  for (const timelines of soak.timelines.values())
    for (const t of timelines)
      for (const p of t.points)
        if (p.committedAt !== undefined)
          backdated.set(p.revision, { commit: p.revision, committed: p.committedAt, counted: p.at });
  if (backdated.size === 0) return [];
  const commits = [...backdated.values()].sort(
    (a, b) => a.counted.localeCompare(b.counted) || a.committed.localeCompare(b.committed),
  );
  return [{ kind: 'backdated-commits', rev: soak.source.rev, commits }];
}

function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('pending')) return 'pending';
  return 'pass';
}
