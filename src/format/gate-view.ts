import type { Change } from '../gate/changes.js';
import type {
  CanaryIntervalDetail,
  CheckId,
  DataVerifiedDetail,
  CheckResult,
  Evidence,
  ImmutableDetail,
  MetricOutcome,
  ReviewedRevisionDetail,
  MetricsDetail,
  PromotionOrderDetail,
  RequiresDetail,
  RevokedDetail,
  ConsumersDetail,
  FreezeDetail,
  SoakClamp,
  SoakNote,
  SoakSource,
  Verdict,
} from '../gate/checks/types.js';
import type { GateReport, ImmutabilityViolation, RevisionRef } from '../gate/evaluate.js';
import type { TrafficSplit } from '../kinds/deployment.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RuleCode } from '../model/rule-codes.js';

type GateDiagnostic = Diagnostic<RuleCode | 'released-version-immutable'>;
import type { FieldChange } from '../model/diff.js';
import { formatElapsed } from '../world/duration.js';
import { describeField, shortPair } from './field-change.js';
import { approvalReason, versionLifecycleReason } from './gate-approvals.js';
import { BROKEN } from './history-text.js';
import { plural } from './style.js';

/**
 * The gate's report in words: every sentence the text, markdown and JSON formats, the pull
 * request comment and the check run show is made here, from the gate's typed data.
 */

/** One check, as every format shows it (docs/output.md: `{check, verdict, reason, evidence?}`). */
export interface CheckView {
  check: CheckId;
  verdict: Verdict;
  /** One exact sentence of why. */
  reason: string;
  /** What the verdict rests on, e.g. `git history of main` or `reviews of 1a2b3c4`. */
  evidence?: string;
}

interface ChangeView {
  change: Change;
  /** `promotion of 4.0.0`, `policy changed`: what happened, in a few words. */
  summary: string;
  /** Traffic or value before and after, for the `from → to` column; `—` when absent. */
  from: string;
  to: string;
  verdict: Verdict;
  checks: CheckView[];
  location: { file: string; line: number };
}

export interface GateView {
  verdict: Verdict;
  /** The one-line verdict. */
  headline: string;
  base: RevisionRef;
  head: RevisionRef;
  evidence: {
    /** Where soak times were read, in words; with git, why the state store was not read. */
    soak: string;
    /** The same as data (docs/output.md). */
    soakSource: SoakSource;
    /** What to know about the soak evidence: each note as data, with its sentence in `text`. */
    soakNotes: Array<SoakNote & { text: string }>;
    reviews: string | null;
  };
  /** Set when the pull request changes a policy: it is judged by the base's, not its own. */
  policyNotice?: string;
  changes: ChangeView[];
  checks: CheckView[];
  /** Errors of the head revision, then immutability violations, located in the head's files. */
  /** validate's findings in the head, and the gate's own (`released-version-immutable`). */
  diagnostics: GateDiagnostic[];
}

export function describeGate(report: GateReport): GateView {
  const changes = report.changes.map((c): ChangeView => ({
    change: c.change,
    ...describeChange(c.change),
    verdict: c.verdict,
    checks: c.checks.map(describeCheck),
    location: c.location,
  }));
  const checks = report.checks.map(describeCheck);
  const view: GateView = {
    verdict: report.verdict,
    headline: headline(report.verdict, [...checks, ...changes.flatMap((c) => c.checks)], changes.length),
    base: report.base,
    head: report.head,
    evidence: {
      soak: soakSourceText(report.evidence.soak),
      soakSource: report.evidence.soak,
      soakNotes: report.evidence.notes.map((n) => ({ ...n, text: soakNoteText(n) })),
      reviews: report.evidence.reviews ? evidenceText(report.evidence.reviews) : null,
    },
    changes,
    checks,
    diagnostics: [...report.diagnostics, ...report.violations.map(violationDiagnostic)],
  };
  const policies = report.changes
    .map((c) => c.change)
    .filter((c): c is Extract<Change, { type: 'policy-change' }> => c.type === 'policy-change');
  if (policies.length > 0) {
    view.policyNotice = `This pull request changes policy (${policies.map((p) => `${p.env ? `${p.env}/` : ''}${p.kind}/${p.name}`).join(', ')}); it is judged by the policies of ${report.base.rev}, not its own.`;
  }
  return view;
}

function headline(verdict: Verdict, checks: readonly CheckView[], changeCount: number): string {
  const failed = checks.filter((c) => c.verdict === 'fail');
  const waiting = checks.filter((c) => c.verdict === 'pending');
  const names = (list: readonly CheckView[]): string => [...new Set(list.map((c) => c.check))].join(', ');
  const changes = plural(changeCount, 'change');
  if (verdict === 'fail')
    return `Blocked: ${failed.length} of ${plural(checks.length, 'check')} failed (${names(failed)}) across ${changes}.`;
  if (verdict === 'pending')
    return `Pending: ${plural(waiting.length, 'check')} waiting (${names(waiting)}); everything else passed across ${changes}.`;
  return changeCount === 0
    ? 'Passed: no configuration changes.'
    : checks.length === 1
      ? `Passed: the 1 check across ${changes}.`
      : `Passed: all ${checks.length} checks across ${changes}.`;
}

function describeCheck(r: CheckResult): CheckView {
  return {
    check: r.check,
    verdict: r.verdict,
    reason: checkReason(r),
    ...(r.evidence ? { evidence: evidenceText(r.evidence) } : {}),
  };
}

const NAMED_BY = {
  '--state': 'named by --state',
  SLIPWAY_STATE: 'named by $SLIPWAY_STATE',
  'slipway.yaml': 'named by spec.state.url',
  default: 'the default',
} as const;

/** Where soak times were read; with git, why the state store was not read. */
function soakSourceText(s: SoakSource): string {
  if (s.kind === 'state-store') return evidenceText(s);
  const { store, from } = s.fallback;
  const which = from === 'default' ? `state store ${store}` : `state store ${store}, ${NAMED_BY[from]},`;
  return `git history of ${s.rev} (no applied history: ${which} does not exist)`;
}

function soakNoteText(n: SoakNote): string {
  const each = n.commits.map((c) => `${c.commit.slice(0, 7)} dated ${c.committed}, counted from ${c.counted}`);
  return `${plural(n.commits.length, 'commit')} of ${n.rev} ${n.commits.length === 1 ? 'is' : 'are'} dated earlier than a commit before ${n.commits.length === 1 ? 'it' : 'them'} on the branch; soak counts from the first-parent history instead: ${each.join('; ')}`;
}

function evidenceText(e: Evidence): string {
  switch (e.kind) {
    case 'git-history':
      return `git history of ${e.rev}`;
    case 'state-store':
      return `state store ${e.store}`;
    case 'reviews':
      return `reviews of ${e.headSha.slice(0, 7)}`;
    case 'clock':
      return `clock ${e.at}`;
    case 'metrics':
      return `metrics of ${e.model} ${e.version}`;
    case 'model':
      return `models/${e.model}`;
    case 'consumers':
      return `consumers in ${e.env}`;
    case 'requires':
      return `requires of ${e.env}`;
    case 'registries':
      return 'base and head model registries';
  }
}

/** The sentence saying why a check reached its verdict. */
function checkReason(r: CheckResult): string {
  switch (r.check) {
    case 'validation': {
      const d = r.detail;
      if (d.code === 'valid') return `${d.rev} is valid`;
      const f = d.first;
      return `${d.rev} has ${plural(d.errors, 'error')}; first: ${f.file}:${f.line}:${f.column} ${f.code}: ${f.message}`;
    }
    case 'reviewed-revision':
      return reviewedRevisionReason(r.detail);
    case 'approvals':
    case 'policy-approvals':
    case 'version-approvals':
      return approvalReason(r.detail);
    case 'version-lifecycle':
      return versionLifecycleReason(r.detail);
    case 'immutable':
      return immutableReason(r.detail);
    case 'revoked':
      return revokedReason(r.detail);
    case 'promotion-order':
      return promotionOrderReason(r.detail);
    case 'canary-interval':
      return canaryIntervalReason(r.detail);
    case 'metrics':
      return metricsReason(r.detail);
    case 'consumers':
      return consumersReason(r.detail);
    case 'freeze':
      return freezeReason(r.detail);
    case 'requires':
      return requiresReason(r.detail);
    case 'data-verified':
      return dataVerifiedReason(r.detail);
  }
}

function dataVerifiedReason(d: DataVerifiedDetail): string {
  switch (d.code) {
    case 'no-inputs':
      return `${d.env}/${d.deployment} declares no inputs`;
    case 'no-store':
      return `${d.env} requires a passing \`slipway data verify\` within ${d.maxAge} of ${d.sources.join(', ')}; state store ${d.store} does not exist, so no run is recorded in it`;
    case 'checked':
      return d.sources
        .map((s) =>
          s.outcome === 'never'
            ? `${s.source}: no passing verification recorded in ${d.env}`
            : `${s.source}: last passed ${formatElapsed(s.ageMs)} ago (${s.outcome === 'verified' ? '≤' : '>'} ${d.maxAge})`,
        )
        .join('; ');
  }
}

function reviewedRevisionReason(d: ReviewedRevisionDetail): string {
  const commit = d.commit.slice(0, 7);
  if (d.code === 'head') return `${d.rev} is ${commit}, the head the reviews were given on`;
  const reviewed = d.reviewed.slice(0, 7);
  if (d.code === 'merge') return `${d.rev} is ${commit}, a merge of the reviewed head ${reviewed} into ${d.base}`;
  const merge = d.merge
    ? d.merge.of.toLowerCase() !== d.reviewed.toLowerCase()
      ? ` (it merges ${d.merge.of.slice(0, 7)})`
      : ` (it merges ${reviewed} into a commit that is not in ${d.base})`
    : '';
  return `${d.rev} is ${commit}, neither the reviewed head ${reviewed} nor a merge of it into ${d.base}${merge}; approvals of ${reviewed} do not cover it: gate the pull request's head again`;
}

function immutableReason(d: ImmutableDetail): string {
  const what = d.removed
    ? 'was removed from the registry'
    : `changed ${d.fields.map((f) => describeField({ ...f, path: f.path.replace(`versions[${d.version}].`, '') }, 24)).join('; ')}`;
  const fix = d.removed ? 'mark it deprecated or revoked instead' : 'publish a new version instead';
  return `${d.model} ${d.version} is ${d.status} (released) and ${what}; ${fix}`;
}

function revokedReason(d: RevokedDetail): string {
  return `${d.model} ${d.version} was revoked and cannot become ${d.to} again; publish a new version instead`;
}

function promotionOrderReason(d: PromotionOrderDetail): string {
  switch (d.code) {
    case 'not-deployed':
      return `${d.model} ${d.version} is not live in ${d.from} (no deployment of ${d.model} there); promote it to ${d.from} first`;
    case 'not-full': {
      const serving = d.serving.length > 0 ? trafficText(d.serving) : 'nothing';
      return `${d.model} ${d.version} is not live at 100% in ${d.from} (${d.from}/${d.deployment} serves ${serving}); promote it to ${d.from} first`;
    }
    case 'soaked':
      return `live at 100% in ${d.from}/${d.deployment} since ${d.since} (${formatElapsed(d.elapsedMs)} ≥ soak ${d.soak})${clampText(d.since, d.clamp)}`;
    case 'soaking':
      return `live at 100% in ${d.from}/${d.deployment} for ${formatElapsed(d.elapsedMs)} only; ${d.env} requires a soak of ${d.soak} (ready at ${d.readyAt})${clampText(d.since, d.clamp)}`;
    case 'audit-broken':
      return `the audit log of ${d.store} fails verification at row #${d.id} (in ${d.from}: row #${d.id} ${BROKEN[d.problem]}); its soak evidence is refused (see slipway history --env ${d.from} --verify)`;
    case 'rollback':
      return `skipped: a rollback to ${d.version}, which was live at 100% in ${d.env} before`;
  }
}

function canaryIntervalReason(d: CanaryIntervalDetail): string {
  switch (d.code) {
    case 'not-running':
      return `${d.version} has no share of ${d.env}/${d.deployment} yet: its canary must run for ${d.interval} before the next step (promotion.canary.minStepInterval)`;
    case 'waited':
      return `${d.env}/${d.deployment} has run its current split since ${d.since} (${formatElapsed(d.elapsedMs)} ≥ ${d.interval} between steps)`;
    case 'audit-broken':
      return `the audit log of ${d.store} fails verification at row #${d.id} (in ${d.env}: row #${d.id} ${BROKEN[d.problem]}); how long the split has run is not known (see slipway history --env ${d.env} --verify)`;
    case 'too-soon':
      return `${d.env}/${d.deployment} has run its current split for ${formatElapsed(d.elapsedMs)} only; ${d.env} requires ${d.interval} between canary steps (ready at ${d.readyAt})`;
  }
}

/** Why a soak counts from later than its commit's date (git evidence), or nothing. */
function clampText(since: string, clamp: SoakClamp | undefined): string {
  if (!clamp) return '';
  const b = clamp.because;
  const why =
    b.kind === 'first-parent'
      ? 'a commit before it on the branch is dated later'
      : b.kind === 'first-appearance'
        ? `${b.version} first appears in the model registry in ${b.commit.slice(0, 7)}`
        : `${b.version} has createdAt ${since}`;
  return `; counted from ${since}, not from ${clamp.claimed} (the date of commit ${clamp.commit.slice(0, 7)}): ${why}`;
}

function metricsReason(d: MetricsDetail): string {
  switch (d.code) {
    case 'no-gates':
      return `${d.env} has no metric gates for ${d.model}`;
    case 'unknown-version':
      return `${d.model} ${d.version} is not in the model registry`;
    case 'measured': {
      const failures = d.gates.filter((g) => g.outcome !== 'met');
      if (failures.length > 0) return failures.map((g) => metricText(g, d.model, d.version)).join('; ');
      return d.gates.map((g) => metricText(g, d.model, d.version)).join(', ');
    }
  }
}

function metricText(g: MetricOutcome, model: string, version: string): string {
  switch (g.outcome) {
    case 'undeclared':
      return `${g.name} is not declared by ${model} ${version}`;
    case 'below':
      return `${g.name} ${g.value} < min ${g.min}`;
    case 'above':
      return `${g.name} ${g.value} > max ${g.max}`;
    case 'met':
      return `${g.name} ${g.value}${g.min !== undefined ? ` ≥ ${g.min}` : ''}${g.max !== undefined ? ` ≤ ${g.max}` : ''}`;
  }
}

function consumersReason(d: ConsumersDetail): string {
  switch (d.code) {
    case 'no-consumers':
      return `no consumer of ${d.deployment} in ${d.env}`;
    case 'broken':
      return d.problems
        .map((p) =>
          p.problem === 'invalid-range'
            ? `${p.consumer} declares an invalid range ${JSON.stringify(p.range)}`
            : `${p.consumer} accepts ${p.range}, but ${p.version} will be live`,
        )
        .join('; ');
    case 'satisfied':
      return `${d.live.join(', ')} satisfies ${d.uses.map((u) => `${u.consumer} (${u.range})`).join(', ')}`;
  }
}

function freezeReason(d: FreezeDetail): string {
  switch (d.code) {
    case 'no-windows':
      return `${d.env} has no freeze windows`;
    case 'frozen':
      return `${d.env} is frozen from ${d.window.from} to ${d.window.to}${d.window.reason ? ` (${d.window.reason})` : ''}`;
    case 'open':
      return `${d.env} is not in a freeze window`;
  }
}

function requiresReason(d: RequiresDetail): string {
  if (d.code === 'not-required') return `${d.env} requires no error policy`;
  const problems: string[] = [];
  const met: string[] = [];
  for (const o of d.deployments) {
    if (o.outcome === 'no-policy') problems.push(`${o.deployment} has no errorPolicy, and ${d.env} requires one`);
    else if (o.outcome === 'unknown-policy')
      problems.push(`${o.deployment}'s error policy ${o.policy} does not exist in ${d.env}`);
    else if (o.outcome === 'no-fallback')
      problems.push(`${o.deployment}'s error policy ${o.policy} has no fallback, and ${d.env} requires one`);
    else met.push(`${o.deployment} → ${o.policy}${d.fallbackRequired ? ` (fallback ${o.fallback})` : ''}`);
  }
  if (problems.length > 0) return problems.join('; ');
  return met.length > 0 ? met.join(', ') : `no deployment of ${d.env} uses it`;
}

/** An immutability violation as a diagnostic: the `immutable` check's sentence on the changed line. */
function violationDiagnostic(v: ImmutabilityViolation): GateDiagnostic {
  const { severity, code, ...rest } = v.at;
  return { severity, code, message: immutableReason(v.detail), ...rest };
}

/** What a change is, in a few words, and its traffic or single value before and after. */
type ChangeSummary = { summary: string; from: string; to: string };

function describeChange(change: Change): ChangeSummary {
  switch (change.type) {
    case 'promotion':
    case 'canary-step':
    case 'full-rollout':
    case 'traffic-change':
    case 'rollback': {
      const share = percent(change.to, change.version);
      const summary = {
        promotion: `promotion of ${change.version} (${share}%)`,
        'canary-step': `canary step of ${change.version} to ${share}%`,
        'full-rollout': `full rollout of ${change.version}`,
        'traffic-change': `traffic change (${change.version} to ${share}%)`,
        rollback: `rollback to ${change.version} (${share}%)`,
      }[change.type];
      return { summary, from: trafficText(change.from), to: trafficText(change.to) };
    }
    case 'deployment-added':
      return { summary: 'new deployment', from: '—', to: trafficText(change.to) };
    case 'deployment-removed':
      return { summary: 'deployment removed', from: trafficText(change.from), to: '—' };
    case 'deployment-updated':
      return fieldsView('deployment settings changed', change.fields, true);
    case 'policy-change':
      return fieldsView(`policy ${change.action}`, change.fields, true);
    case 'error-policy-change':
      return fieldsView(`error policy ${change.action}`, change.fields);
    case 'data-source-change':
      return fieldsView(`data source ${change.action}`, change.fields);
    case 'consumer-change':
      return fieldsView(`consumer ${change.action}`, change.fields);
    case 'model-version-added':
      return { summary: `version ${change.version} added (${change.status})`, from: '—', to: change.version };
    case 'released-version-mutated':
      return fieldsView(`released version ${change.version} changed`, change.fields);
    case 'model-updated':
      return fieldsView('model changed', change.fields, true);
  }
}

/**
 * A change of fields: one field's value before and after in the `from → to` columns (its path in
 * the summary when `named`); several fields each with their values in the summary
 * (`policy changed: spec.promotion.soak 24h → 1m, spec.approvals.required 2 → 0`).
 */
function fieldsView(label: string, fields: readonly FieldChange[], named = false): ChangeSummary {
  if (fields.length === 0) return { summary: label, from: '—', to: '—' };
  if (fields.length === 1) {
    const [from, to] = shortPair(fields[0]!.before, fields[0]!.after, 40);
    return { summary: named ? `${label}: ${fields[0]!.path}` : label, from, to };
  }
  const each = fields.map((f) => {
    const [from, to] = shortPair(f.before, f.after, 40);
    return `${f.path} ${from} → ${to}`;
  });
  return { summary: `${label}: ${each.join(', ')}`, from: '—', to: '—' };
}

function percent(traffic: readonly TrafficSplit[], version: string): number {
  return traffic.filter((t) => t.version === version).reduce((s, t) => s + t.percent, 0);
}

function trafficText(traffic: readonly TrafficSplit[]): string {
  return traffic.length === 0 ? '—' : traffic.map((t) => `${t.version} ${t.percent}%`).join(', ');
}
