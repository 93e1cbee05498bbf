import type {
  AccessCheck,
  AccessExplanation,
  AccessQueryProblem,
  Grantee,
  MatchedRule,
  NearMiss,
  PiiDeploymentPath,
  PiiReport,
  PiiSink,
  PiiSource,
  RuleRef,
  WhoCan,
} from '../access/index.js';
import { inline } from './escape.js';
import { plural } from './style.js';

/** `access check`: `yes`, or `no - <why>`, as `kubectl auth can-i` answers. */
export function formatAccessCheckText(check: AccessCheck): string {
  if (check.decision === 'allowed') return 'yes\n';
  if (check.decision === 'implicit-deny') return 'no - no rule allows it (access is denied by default)\n';
  const deny = check.matched.find((m) => m.effect === 'deny');
  return `${inline(`no - denied by ${deny ? `${ruleName(deny)} at ${where(deny)}${asMember(deny)}` : 'a deny rule'}`)}\n`;
}

const DECISION: Record<AccessCheck['decision'], string> = {
  allowed: 'allowed',
  'explicit-deny': 'denied: a deny rule matches, and a deny wins over any allow',
  'implicit-deny': 'denied: no rule allows it, and access is denied by default',
};

const MISS: Record<NearMiss['reason'], string> = {
  'wrong-subject': 'the subject does not match',
  'wrong-action': 'the action does not match',
  'wrong-resource': 'the resource does not match',
};

/** `access explain`: the decision, every matching rule, and the rules that missed on one count. */
export function formatAccessExplainText(x: AccessExplanation): string {
  const lines = [`${x.subject} ${x.action} ${x.resource} in ${x.env}: ${DECISION[x.decision]}`, ''];
  const rows = (refs: ReadonlyArray<RuleRef & { effect: string }>, note: (r: never) => string): string[] => {
    const names = refs.map(ruleName);
    const places = refs.map(where);
    const nameWidth = Math.max(...names.map((n) => n.length));
    const placeWidth = Math.max(...places.map((p) => p.length));
    return refs.map((r, i) =>
      `  ${r.effect.padEnd(5)}  ${names[i]!.padEnd(nameWidth)}  ${places[i]!.padEnd(placeWidth)}  ${note(r as never)}`.trimEnd(),
    );
  };
  lines.push('Matching rules:');
  if (x.matched.length === 0) lines.push('  none');
  else lines.push(...rows(x.matched, (m: MatchedRule) => asMember(m).replace(/^, /, '')));
  lines.push('', 'Near misses (rules that match on all counts but one):');
  if (x.nearMisses.length === 0) lines.push('  none');
  else lines.push(...rows(x.nearMisses, (m: NearMiss) => MISS[m.reason]));
  return lines.map(inline).join('\n') + '\n';
}

/** `access who-can`: every subject allowed, teams with their members. */
export function formatWhoCanText(w: WhoCan): string {
  const lines = [`${w.action} ${w.resource} in ${w.env}:`];
  if (w.subjects.length === 0) lines.push('  nobody');
  const width = Math.max(0, ...w.subjects.map((s) => s.subject.length));
  for (const s of w.subjects) lines.push(`  ${s.subject.padEnd(width)}  ${granteeNote(s)}`.trimEnd());
  return lines.map(inline).join('\n') + '\n';
}

/** `access pii`: every path personal data takes out of its source. */
export function formatPiiText(report: PiiReport): string {
  if (report.sources.length === 0)
    return `No personal data in ${inline(report.env)}: no data source is classified pii or has a pii column.\n`;
  const lines = [`Personal data in ${report.env}: ${plural(report.sources.length, 'data source')}`];
  for (const s of report.sources) lines.push('', ...sourceLines(s));
  return lines.map(inline).join('\n') + '\n';
}

function sourceLines(s: PiiSource): string[] {
  const marks = [
    s.classification === 'pii' ? 'classified pii' : `classified ${s.classification}`,
    ...(s.piiColumns.length > 0 ? [`pii columns: ${s.piiColumns.join(', ')}`] : []),
  ];
  const lines = [`datasource:${s.dataSource} (${marks.join('; ')})  ${s.file}`, `  read-data: ${grantees(s.readData)}`];
  if (s.deployments.length === 0) lines.push('  read by no deployment');
  for (const d of s.deployments) lines.push(...deploymentLines(d));
  return lines;
}

function deploymentLines(d: PiiDeploymentPath): string[] {
  const lines = [`  read by deployment:${d.deployment} (${d.mode})  ${d.file}`];
  if (d.mode === 'realtime') lines.push(`    invoke: ${grantees(d.invoke)}`);
  lines.push(`    read-output: ${grantees(d.readOutput)}`);
  for (const c of d.consumers)
    lines.push(
      `    consumer ${c.consumer} (${c.subject}) ${c.action}: ${c.allowed ? 'allowed' : 'NOT allowed by the access rules'}`,
    );
  for (const sink of d.sinks) lines.push(...sinkLines(sink));
  return lines;
}

function sinkLines(s: PiiSink): string[] {
  const via = s.via.kind === 'output' ? 'its output' : `dead letters of error policy ${s.via.errorPolicy}`;
  return [
    `    writes ${via} to datasource:${s.dataSource}${s.classifiedPii ? ' (classified pii)' : ' (not classified pii)'}`,
    `      read-data: ${grantees(s.readData)}`,
    ...(s.inputOf.length > 0 ? [`      read by: ${s.inputOf.map((n) => `deployment:${n}`).join(', ')}`] : []),
  ];
}

const grantees = (list: readonly Grantee[]): string =>
  list.length === 0
    ? 'nobody'
    : list
        .map((g) => (g.via ? `${g.subject} (via ${g.via.join(', ')})` : g.wildcard ? `${g.subject} (any)` : g.subject))
        .join(', ');

function granteeNote(g: Grantee): string {
  if (g.wildcard) return 'any subject it matches, unless a deny rule covers it';
  if (g.via) return `member of ${g.via.join(', ')}`;
  return '';
}

/** `credit-access spec.rules[3]`. */
const ruleName = (r: RuleRef): string => `${r.policy} spec.rules[${r.ruleIndex}]`;

/** `file:line`, or the JSON pointer when the line is unknown. */
const where = (r: RuleRef): string => (r.line !== undefined ? `${r.file}:${r.line}` : `${r.file}#${r.path}`);

const asMember = (m: MatchedRule): string => (m.via ? `, as a member of team ${m.via}` : '');

/** A question that cannot be asked, as a usage error's message and hint. */
export function accessProblemText(problem: AccessQueryProblem): { message: string; hint: string } {
  switch (problem.kind) {
    case 'unknown-environment':
      return {
        message: `unknown environment "${problem.env}"`,
        hint:
          problem.known.length > 0 ? `known environments: ${problem.known.join(', ')}` : 'declare it in slipway.yaml',
      };
    case 'invalid-subject':
      return {
        message: `"${problem.subject}" is not a subject`,
        hint: 'write user:<login>, team:<name> or service:<name>, e.g. user:alice',
      };
    case 'invalid-action':
      return { message: `"${problem.action}" is not an action`, hint: `actions: ${problem.known.join(', ')}` };
    case 'invalid-resource':
      return {
        message: `"${problem.resource}" is not a resource`,
        hint: 'write deployment:<name>, datasource:<name> or model:<name>, e.g. deployment:fraud-detector',
      };
  }
}
