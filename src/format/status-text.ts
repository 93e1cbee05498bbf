import type { EnvironmentStatus, LastVerification, StatusReport } from '../status/status.js';
import type { EnvironmentSync, SyncUnknownReason } from '../status/sync.js';
import { formatElapsed } from '../world/duration.js';
import { DRIFT_TEXT, SYMBOL, describeSource, planSummaryLine, shortRevision } from './plan-text.js';
import { inline } from './escape.js';
import { plural } from './style.js';

export interface StatusTextOptions {
  /** The clock, for the age of the last data verification. */
  now?: Date;
}

/** Changes listed under an out-of-sync line; `slipway plan` shows them all. */
const LISTED = 10;

/** Per environment: the last apply, sync with the default branch, each deployment's live traffic, drift and any lock. */
export function formatStatusText(report: StatusReport, options: StatusTextOptions = {}): string {
  const lines: string[] = [];
  for (const e of report.environments) {
    if (!e.lastApply) {
      lines.push(`${e.env}: never applied`, ...syncLines(e), ...dataLines(e, options.now), '');
      continue;
    }
    lines.push(
      `${e.env}: last apply ${describeSource(e.lastApply)} at ${e.lastApply.at} by ${e.lastApply.actor}, ${plural(e.resources, 'resource')}`,
      ...syncLines(e),
    );
    const width = Math.max(0, ...e.deployments.map((d) => d.name.length));
    for (const d of e.deployments)
      lines.push(`  ${d.name.padEnd(width)}  ${d.traffic.map((t) => `${t.version} ${t.percent}%`).join(', ')}`);
    if (e.drift.length === 0) lines.push('  drift: none');
    else for (const d of e.drift) lines.push(`  drift: ${d.kind}/${d.name} ${DRIFT_TEXT[d.drift]}`);
    lines.push(...dataLines(e, options.now));
    if (e.lock)
      lines.push(`  locked by ${e.lock.owner} on ${e.lock.host} (pid ${e.lock.pid}) until ${e.lock.expiresAt}`);
    lines.push('');
  }
  // Every line is plain text (no colour) and one line: any control character in it came from a value.
  return lines.map(inline).join('\n');
}

/** `status` when the repository's own store does not exist yet. */
export function formatNothingApplied(store: string): string {
  return `Nothing has been applied yet: there is no state store at ${inline(store)} (\`slipway apply\` creates it).\n`;
}

/** `Synced`/`OutOfSync` as Argo CD says it, the pending changes, and applied revisions off the branch. */
function syncLines(e: EnvironmentStatus): string[] {
  const sync = e.sync;
  if (!sync) return [];
  if (sync.status === 'unknown') return [`  sync: unknown (${unknownText(sync.reason, sync, e.env)})`];
  const against = `${sync.ref} (${shortRevision(sync.revision)})`;
  const lines: string[] = [];
  if (sync.status === 'synced') lines.push(`  sync: Synced with ${against}`);
  else {
    lines.push(`  sync: OutOfSync with ${against}: ${planSummaryLine(sync.pending)}`);
    // Never applied: everything is to add, and `slipway plan` lists it.
    const listed = e.lastApply ? sync.changes : [];
    for (const c of listed.slice(0, LISTED))
      lines.push(`    ${SYMBOL[c.action]} ${c.kind}/${c.name}${c.drift ? `  (drift: ${DRIFT_TEXT[c.drift]})` : ''}`);
    if (listed.length > LISTED)
      lines.push(`    ... and ${listed.length - LISTED} more (slipway plan --env ${e.env} --rev ${sync.ref})`);
  }
  for (const rev of sync.offRef) lines.push(`  applied revision ${shortRevision(rev)} is not on ${sync.ref}`);
  return lines;
}

function unknownText(reason: SyncUnknownReason, sync: Pick<EnvironmentSync, 'ref'>, env: string): string {
  switch (reason.kind) {
    case 'not-a-repository':
      return 'not a git repository: nothing to compare with';
    case 'no-branch':
      return `no branch ${reason.branch} or origin/${reason.branch} to compare with; set spec.defaultBranch or pass --rev`;
    case 'invalid-configuration':
      return `the configuration at ${sync.ref ?? 'that revision'} has ${plural(reason.errors, 'error')}; run \`slipway validate\` there`;
    case 'not-declared':
      return `${env} is not declared at ${sync.ref ?? 'that revision'}`;
  }
}

const OUTCOME_TEXT: Record<LastVerification['outcome'], string> = {
  passed: 'passed',
  failed: 'failed',
  error: 'could not run',
  skipped: 'skipped',
};

/** The last data verification, then each source's last result and its age. */
function dataLines(e: EnvironmentStatus, now: Date | undefined): string[] {
  if (!e.data) return [];
  const results = e.data.results ?? [];
  const width = Math.max(0, ...results.map((r) => r.source.length));
  return [
    `  data: ${verificationText(e.data, now)}`,
    ...results.map((r) => `    ${r.source.padEnd(width)}  ${OUTCOME_TEXT[r.outcome]} ${age(r.at, now)}`),
  ];
}

const age = (at: string, now: Date | undefined): string =>
  now ? `${formatElapsed(now.getTime() - Date.parse(at))} ago` : `at ${at}`;

/** `passed, 3h 5m ago (4 data sources)`; the failing sources by name. */
function verificationText(v: LastVerification, now: Date | undefined): string {
  const when = age(v.at, now);
  const failing = v.failing.length > 0 ? `: ${v.failing.join(', ')}` : '';
  return `${OUTCOME_TEXT[v.outcome]}${failing}, verified ${when} (${plural(v.sources, 'data source')})`;
}
