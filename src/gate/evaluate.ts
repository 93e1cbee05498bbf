import type { TrafficSplit } from '../kinds/deployment.js';
import { locateFindings } from '../load/locate.js';
import type { Diagnostic, Finding } from '../model/diagnostic.js';
import type { Config } from '../world/config.js';
import { changeSubject, type Change } from './changes.js';
import type { FieldChange } from '../model/diff.js';
import { checkApprovals, checkPolicyApprovals, type ReviewEvidence } from './checks/approvals.js';
import { checkConsumers } from './checks/consumers.js';
import { checkFreeze } from './checks/freeze.js';
import { checkImmutable } from './checks/immutable.js';
import { checkMetrics } from './checks/metrics.js';
import { checkPromotionOrder } from './checks/promotion-order.js';
import { checkRequires } from './checks/requires.js';
import {
  fail,
  pass,
  type CheckContext,
  type CheckResult,
  type ConsumerUseOf,
  type SoakEvidence,
  type Verdict,
} from './checks/types.js';
import { shortValue } from './diff.js';

export interface RevisionRef {
  /** As given: `origin/main`, `HEAD`. */
  rev: string;
  commit: string;
}

/** Everything the gate judges, as data: the gate itself does no I/O. */
export interface GateInput {
  base: { ref: RevisionRef; config: Config };
  head: { ref: RevisionRef; config: Config; diagnostics: readonly Diagnostic[]; texts: ReadonlyMap<string, string> };
  changes: readonly Change[];
  soak: SoakEvidence;
  /** Absent without GitHub: approval checks are then pending. */
  reviews?: ReviewEvidence;
  now: Date;
}

export interface ChangeReport {
  change: Change;
  /** `promotion of 4.0.0`, `policy changed`: what happened, in a few words. */
  summary: string;
  /** Traffic or value before and after, for the `from → to` column. */
  from: string;
  to: string;
  verdict: Verdict;
  checks: CheckResult[];
  /** Where the change is in the head (the base, for a deletion): for annotations and links. */
  location: { file: string; line: number };
}

export interface GateReport {
  verdict: Verdict;
  /** The one-line verdict. */
  headline: string;
  base: RevisionRef;
  head: RevisionRef;
  /** Where the soak evidence came from, and whether reviews were read. */
  evidence: { soak: string; reviews: string | null };
  /** Set when the pull request changes a policy: it is judged by the base's, not its own. */
  policyNotice?: string;
  changes: ChangeReport[];
  /** Checks of the whole pull request: head validation and approvals. */
  checks: CheckResult[];
  /** Errors of the head revision and immutability violations, located in the head's files. */
  diagnostics: Diagnostic[];
}

/** Judges the head's changes by the base's policies. Pure. */
export function evaluateGate(input: GateInput): GateReport {
  const ctx = checkContext(input);
  const lines = changeLines(input);
  const changes = input.changes.map((change, i) => reportChange(change, ctx, lines[i]!));
  const errors = input.head.diagnostics.filter((d) => d.severity === 'error');
  const checks: CheckResult[] = [
    errors.length === 0
      ? pass('validation', `${input.head.ref.rev} is valid`)
      : fail(
          'validation',
          `${input.head.ref.rev} has ${errors.length} error${errors.length === 1 ? '' : 's'}; first: ${errors[0]!.file}:${errors[0]!.line}:${errors[0]!.column} ${errors[0]!.code}: ${errors[0]!.message}`,
        ),
  ];
  const approvals = checkApprovals(input.changes, ctx, input.reviews);
  if (approvals) checks.push(approvals);
  const policy = checkPolicyApprovals(input.changes, ctx, input.reviews);
  if (policy) checks.push(policy);

  const all = [...checks, ...changes.flatMap((c) => c.checks)];
  const verdict = combine(all.map((c) => c.verdict));
  const policies = input.changes.filter(
    (c): c is Extract<Change, { type: 'policy-change' }> => c.type === 'policy-change',
  );
  const report: GateReport = {
    verdict,
    headline: headline(verdict, all, changes.length),
    base: input.base.ref,
    head: input.head.ref,
    evidence: {
      soak: input.soak.label,
      reviews: input.reviews ? `reviews of ${input.reviews.headSha.slice(0, 7)}` : null,
    },
    changes,
    checks,
    diagnostics: [...errors, ...immutabilityDiagnostics(input)],
  };
  if (policies.length > 0) {
    report.policyNotice = `This pull request changes policy (${policies.map((p) => `${p.env ? `${p.env}/` : ''}${p.kind}/${p.name}`).join(', ')}); it is judged by the policies of ${input.base.ref.rev}, not its own.`;
  }
  return report;
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
    consumersOf: (env, deployment) => index.get(`${env}/${deployment}`) ?? [],
  };
}

/** The line of each change's document (its traffic, for traffic moves) in the head's files. */
function changeLines(input: GateInput): number[] {
  const findings: Finding[] = input.changes.map((c) => ({
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
  let summary: string;
  let from = '—';
  let to = '—';
  switch (change.type) {
    case 'promotion':
    case 'canary-step':
    case 'full-rollout':
    case 'traffic-change':
    case 'rollback': {
      from = trafficText(change.from);
      to = trafficText(change.to);
      const share = percent(change.to, change.version);
      summary = {
        promotion: `promotion of ${change.version} (${share}%)`,
        'canary-step': `canary step of ${change.version} to ${share}%`,
        'full-rollout': `full rollout of ${change.version}`,
        'traffic-change': `traffic change (${change.version} to ${share}%)`,
        rollback: `rollback to ${change.version} (${share}%)`,
      }[change.type];
      if (change.type === 'promotion')
        add(checkPromotionOrder(change.env, change.deployment, change.model, change.version, ctx));
      if (
        change.type === 'rollback' &&
        ctx.base.environments.get(change.env)?.environment?.resource.spec.promotion?.from
      ) {
        add(
          pass('promotion-order', `skipped: a rollback to ${change.version}, which was live in ${change.env} before`),
        );
      }
      if (change.type !== 'rollback' && change.type !== 'traffic-change')
        add(checkMetrics(change.env, change.model, change.version, ctx));
      add(checkConsumers(change.env, change.deployment, change.to, ctx));
      if (change.type !== 'rollback') add(checkFreeze(change.env, ctx));
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    }
    case 'deployment-added': {
      to = trafficText(change.to);
      summary = 'new deployment';
      for (const t of change.to) {
        if (t.percent <= 0) continue;
        add(checkPromotionOrder(change.env, change.deployment, change.model, t.version, ctx));
        add(checkMetrics(change.env, change.model, t.version, ctx));
      }
      add(checkConsumers(change.env, change.deployment, change.to, ctx));
      add(checkFreeze(change.env, ctx));
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    }
    case 'deployment-removed':
      from = trafficText(change.from);
      summary = 'deployment removed';
      break;
    case 'deployment-updated':
      summary = `deployment settings changed: ${change.fields.map((f) => f.path).join(', ')}`;
      ({ from, to } = fieldsText(change.fields));
      add(checkRequires(change.env, [change.deployment], ctx));
      break;
    case 'policy-change':
      summary = `policy ${change.action}${change.fields.length > 0 ? `: ${change.fields.map((f) => f.path).join(', ')}` : ''}`;
      ({ from, to } = fieldsText(change.fields));
      break;
    case 'error-policy-change': {
      summary = `error policy ${change.action}`;
      ({ from, to } = fieldsText(change.fields));
      const users = [...(ctx.head.environments.get(change.env)?.deployments.values() ?? [])]
        .filter((d) => d.resource.spec.errorPolicy === change.name)
        .map((d) => d.name);
      if (change.action !== 'added') add(checkRequires(change.env, users, ctx));
      break;
    }
    case 'data-source-change':
      summary = `data source ${change.action}`;
      ({ from, to } = fieldsText(change.fields));
      break;
    case 'consumer-change': {
      summary = `consumer ${change.action}`;
      ({ from, to } = fieldsText(change.fields));
      const consumer = ctx.head.environments.get(change.env)?.consumers.get(change.name);
      for (const use of consumer?.resource.spec.uses ?? []) {
        const traffic = ctx.head.environments.get(change.env)?.deployments.get(use.deployment)?.resource.spec.traffic;
        if (traffic) add(checkConsumers(change.env, use.deployment, traffic, ctx));
      }
      break;
    }
    case 'model-version-added':
      summary = `version ${change.version} added (${change.status})`;
      to = change.version;
      break;
    case 'released-version-mutated':
      summary = `released version ${change.version} changed`;
      ({ from, to } = fieldsText(change.fields));
      add(checkImmutable(change));
      break;
    case 'model-updated':
      summary = `model changed: ${change.fields.map((f) => f.path).join(', ')}`;
      ({ from, to } = fieldsText(change.fields));
      break;
  }
  return {
    change,
    summary,
    from,
    to,
    verdict: combine(checks.map((c) => c.verdict)),
    checks,
    location: { file: change.source.file, line },
  };
}

/** Immutability violations as diagnostics on the head's lines, for annotations. */
function immutabilityDiagnostics(input: GateInput): Diagnostic[] {
  const findings: Finding[] = [];
  for (const c of input.changes) {
    if (c.type !== 'released-version-mutated') continue;
    const result = checkImmutable(c);
    for (const path of c.paths)
      findings.push({
        severity: 'error',
        code: 'released-version-immutable',
        message: result.reason,
        file: c.source.file,
        document: c.source.document,
        path,
      });
  }
  return findings.length === 0 ? [] : locateFindings(findings, input.head.texts);
}

export function combine(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('pending')) return 'pending';
  return 'pass';
}

function headline(verdict: Verdict, checks: readonly CheckResult[], changeCount: number): string {
  const failed = checks.filter((c) => c.verdict === 'fail');
  const waiting = checks.filter((c) => c.verdict === 'pending');
  const names = (list: readonly CheckResult[]): string => [...new Set(list.map((c) => c.check))].join(', ');
  const changes = `${changeCount} change${changeCount === 1 ? '' : 's'}`;
  if (verdict === 'fail')
    return `Blocked: ${failed.length} of ${checks.length} checks failed (${names(failed)}) across ${changes}.`;
  if (verdict === 'pending')
    return `Pending: ${waiting.length} check${waiting.length === 1 ? '' : 's'} waiting (${names(waiting)}); everything else passed across ${changes}.`;
  return changeCount === 0
    ? 'Passed: no configuration changes.'
    : `Passed: all ${checks.length} checks across ${changes}.`;
}

function percent(traffic: readonly TrafficSplit[], version: string): number {
  return traffic.filter((t) => t.version === version).reduce((s, t) => s + t.percent, 0);
}

export function trafficText(traffic: readonly TrafficSplit[]): string {
  return traffic.length === 0 ? '—' : traffic.map((t) => `${t.version} ${t.percent}%`).join(', ');
}

function fieldsText(fields: readonly FieldChange[]): { from: string; to: string } {
  if (fields.length !== 1) return { from: '—', to: fields.length === 0 ? '—' : `${fields.length} fields changed` };
  return { from: shortValue(fields[0]!.before, 40), to: shortValue(fields[0]!.after, 40) };
}

export { changeSubject };
