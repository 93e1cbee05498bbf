import type { CheckProblem, CheckResult, SourceResult, Status, VerifyResult } from '../data/result.js';
import { formatElapsed } from '../world/duration.js';
import { inline } from './escape.js';
import { plural } from './style.js';

/**
 * `data verify` for people and tools: a text table per source (failing checks first), the
 * documented JSON shape, and JUnit XML for CI test reports. The domain result holds typed data
 * only; every sentence is written here.
 */

const code = (s: string): string => `\`${s}\``;
const list = (xs: readonly string[]): string => xs.map(code).join(', ');
const boundsText = (b: { min?: number; max?: number }): string =>
  b.min !== undefined && b.max !== undefined
    ? `[${b.min}, ${b.max}]`
    : b.min !== undefined
      ? `>= ${b.min}`
      : `<= ${b.max ?? ''}`;

/** Why a check or source has no verdict, in words; never a secret (engines scrub driver text). */
function problemMessage(problem: CheckProblem): string {
  switch (problem.reason) {
    case 'engine-unsupported':
      return `engine ${code(problem.engine)} cannot be verified yet`;
    case 'provider-unsupported':
      return `its connection is a ${problem.provider} secret, which slipway cannot read: set ${problem.variable} to the connection URL`;
    case 'secret-unset':
      return `environment variable ${problem.variable} is not set: set it to the connection URL`;
    case 'no-connection':
      return `it declares no connection.secretRef: set ${problem.variable} to the connection URL`;
    case 'remote-path':
      return `${code(problem.path)} is not in the repository; only repository files are read`;
    case 'no-location':
      return `location.${problem.field} is not set`;
    case 'path-escapes-repo':
      return `${code(problem.path)} leads outside the repository`;
    case 'connect':
      return `cannot connect: ${problem.detail}`;
    case 'auth':
      return `authentication failed: ${problem.detail}`;
    case 'timeout':
      return `timed out: ${problem.detail}`;
    case 'query':
      return `the engine rejected the query: ${problem.detail}`;
    case 'driver':
      return `the driver failed: ${problem.detail}`;
    case 'column-missing':
      return `${problem.columns.length === 1 ? 'column' : 'columns'} ${list(problem.columns)} not in the data`;
    case 'not-verified':
      return 'not run: the source could not be read';
    case 'invalid-spec':
      return `the declaration lacks a usable ${code(problem.field)} (run slipway validate)`;
    case 'no-freshness-column':
      return 'freshness names no column to measure age by';
  }
}

/** A check with a verdict: one that observed something. */
type Judged = Extract<CheckResult, { observed: unknown }>;

/** One sentence on what a check found, or why it found nothing. */
function checkMessage(check: CheckResult): string {
  return 'problem' in check ? problemMessage(check.problem) : judgedMessage(check);
}

function judgedMessage(check: Judged): string {
  switch (check.name) {
    case 'accessible':
      return check.observed.exists ? 'opened' : 'the table or file does not exist';
    case 'schema': {
      const { missing, mismatched, nulls } = check.observed;
      if (check.status === 'pass') return `${plural(check.expected.columns, 'declared column')} present and typed`;
      return [
        ...(missing.length ? [`missing ${list(missing)}`] : []),
        ...mismatched.map((m) => `${code(m.column)} is ${m.actual}, declared ${m.declared}`),
        ...nulls.map((n) => `${code(n.column)} has ${plural(n.count, 'null')} (nullable: false)`),
      ].join('; ');
    }
    case 'freshness': {
      const { newest, ageMs } = check.observed;
      if (newest === null || ageMs === null) return `no ${check.column ?? 'timestamp'} value: the source is empty`;
      return `newest ${newest} is ${formatElapsed(ageMs)} old (max ${check.expected.maxAge})`;
    }
    case 'dedup': {
      const keys = `(${check.expected.keys.join(', ')})`;
      if (check.observed.example === null) return `no two rows share ${keys}`;
      const example = Object.entries(check.observed.example)
        .map(([k, v]) => `${k}=${v ?? 'NULL'}`)
        .join(', ');
      return `${plural(check.observed.duplicateKeys, 'key')} of ${keys} on more than one row, e.g. ${example}`;
    }
    case 'notNull':
      return check.observed.nulls === 0 ? 'no nulls' : plural(check.observed.nulls, 'null');
    case 'unique':
      return check.observed.duplicateValues === 0
        ? 'every value distinct'
        : `${plural(check.observed.duplicateValues, 'value')} on more than one row, e.g. ${check.observed.example ?? 'NULL'}`;
    case 'range': {
      const { outOfRange, min, max } = check.observed;
      const seen = min === null ? 'no values' : `observed min ${min}, max ${max}`;
      return outOfRange === 0
        ? `every value ${boundsText(check.expected)} (${seen})`
        : `${plural(outOfRange, 'value')} outside ${boundsText(check.expected)} (${seen})`;
    }
    case 'regex':
      return check.observed.notMatching === 0
        ? `every value matches ${code(check.expected.pattern)}`
        : `${plural(check.observed.notMatching, 'value')} not matching ${code(check.expected.pattern)}, e.g. ${code(check.observed.example ?? '')}`;
    case 'accepted':
      return check.observed.notAccepted === 0
        ? 'every value accepted'
        : `${plural(check.observed.notAccepted, 'value')} not in ${list(check.expected.values.map(String))}, e.g. ${code(check.observed.example ?? '')}`;
    case 'rowCount':
      return `${plural(check.observed.rows, 'row')} (expected ${boundsText(check.expected)})`;
  }
}

const LABEL: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIP' };
/** Failing checks first: errors, failures, skips, then passes, each group in declaration order. */
const ORDER: Record<Status, number> = { error: 0, fail: 1, skipped: 2, pass: 3 };
const checkTitle = (c: CheckResult): string => (c.column !== undefined ? `${c.name} ${c.column}` : c.name);

function summaryText(result: VerifyResult): string {
  const s = result.summary;
  return `${plural(s.passed, 'check')} passed, ${s.failed} failed, ${plural(s.errors, 'error')}, ${s.skipped} skipped`;
}

/** A table per source, failing checks first, then a summary line. */
export function formatVerifyText(result: VerifyResult): string {
  const lines: string[] = [];
  for (const source of result.sources) {
    const why = source.problem ? `: ${problemMessage(source.problem)}` : '';
    lines.push(`${source.name} (${source.engine}) ${LABEL[source.status]}${why}`);
    const checks = source.checks
      .map((c, i) => ({ c, i }))
      .sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i)
      .map(({ c }) => c);
    // A skipped source's checks would all repeat the same reason.
    const shown = source.problem ? [] : checks;
    const width = Math.max(0, ...shown.map((c) => checkTitle(c).length));
    for (const c of shown)
      lines.push(`  ${LABEL[c.status].padEnd(5)}  ${checkTitle(c).padEnd(width)}  ${checkMessage(c)}`);
    lines.push('');
  }
  lines.push(`${result.environment}: ${plural(result.sources.length, 'source')}, ${summaryText(result)}`);
  // Plain text, one line each: a control character in a line came from a value (a name, a sample).
  return `${lines.map(inline).join('\n')}\n`;
}

/** The documented JSON shape: the result with a `message` on every check (and skipped source). */
export function formatVerifyJson(result: VerifyResult): string {
  const json = {
    version: result.version,
    environment: result.environment,
    at: result.at,
    sources: result.sources.map((s) => ({
      name: s.name,
      engine: s.engine,
      status: s.status,
      ...(s.problem ? { reason: s.problem.reason, message: problemMessage(s.problem) } : {}),
      checks: s.checks.map(checkJson),
    })),
    summary: result.summary,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function checkJson(c: CheckResult): Record<string, unknown> {
  const base = { name: c.name, ...(c.column !== undefined ? { column: c.column } : {}), status: c.status };
  if ('observed' in c) return { ...base, observed: c.observed, expected: c.expected, message: checkMessage(c) };
  return {
    ...base,
    ...(c.expected ? { expected: c.expected } : {}),
    reason: c.problem.reason,
    message: checkMessage(c),
  };
}

/** Text safe in XML content and attributes: escaped, and without the control characters XML 1.0 forbids. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function counts(checks: readonly CheckResult[]): string {
  const n = (s: Status): number => checks.filter((c) => c.status === s).length;
  return `tests="${checks.length}" failures="${n('fail')}" errors="${n('error')}" skipped="${n('skipped')}"`;
}

/** JUnit XML: a test suite per source, a test case per check. */
export function formatVerifyJunit(result: VerifyResult): string {
  const all = result.sources.flatMap((s) => s.checks);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`slipway data verify ${result.environment}`)}" ${counts(all)}>`,
  ];
  for (const source of result.sources) {
    lines.push(
      `  <testsuite name="${xml(`${result.environment}/${source.name}`)}" ${counts(source.checks)} timestamp="${xml(result.at)}">`,
    );
    for (const c of source.checks) lines.push(...testCase(result.environment, source, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testCase(env: string, source: SourceResult, c: CheckResult): string[] {
  const open = `    <testcase classname="${xml(`${env}.${source.name}`)}" name="${xml(checkTitle(c))}"`;
  const message = xml(checkMessage(c));
  if ('observed' in c) {
    if (c.status === 'pass') return [`${open}/>`];
    const details = xml(JSON.stringify({ observed: c.observed, expected: c.expected }));
    return [`${open}>`, `      <failure message="${message}" type="${c.name}">${details}</failure>`, '    </testcase>'];
  }
  const element =
    c.status === 'error'
      ? `<error message="${message}" type="${c.problem.reason}"/>`
      : `<skipped message="${message}"/>`;
  return [`${open}>`, `      ${element}`, '    </testcase>'];
}
