import { timelinesFromAudit } from '../history/from-state.js';
import { fullTrafficSince, type DeploymentTimeline } from '../history/timeline.js';
import type { TrafficSplit, VersionStatus } from '../kinds/index.js';
import type { Drift } from '../model/change.js';
import type { AuditAction, AuditEntry, LockLease, StateStore } from '../state/store.js';
import { orderedEnvironments, type Config } from '../world/config.js';
import { parseDuration } from '../world/duration.js';
import { collectStatus, type EnvironmentStatus, type StatusReport, type VerificationOutcome } from './status.js';
import type { EnvironmentSync, SyncBasis } from './sync.js';

/** A share of traffic, with the version's registry status when the model declares it. */
export interface TrafficShare {
  version: string;
  percent: number;
  status?: VersionStatus;
}

/**
 * One deployment in one environment. `declared` is what the configuration says, `live` what was
 * last applied (the store); `sync` compares the two.
 */
export interface ReportCell {
  env: string;
  declared: TrafficShare[] | null;
  live: TrafficShare[] | null;
  sync: 'synced' | 'out-of-sync' | 'not-applied' | 'not-declared' | 'absent';
  drift?: Drift;
}

export interface ReportRow {
  deployment: string;
  model: string;
  /** The model's `spec.description`, as written in the configuration. */
  description?: string;
  /** One cell per environment, in `OperatorReport.environments` order. */
  cells: ReportCell[];
}

/** A version live in one environment and not yet in the next one (promotion order). */
export interface PendingPromotion {
  deployment: string;
  model: string;
  version: string;
  from: string;
  to: string;
  /** Its share in `from`. */
  percent: number;
  status?: VersionStatus;
  /** The soak `to`'s promotion policy asks for; set when the policy has one and the audit log was given. */
  soak?: PendingSoak;
}

/** How long the version has soaked in `from`, by the audit log, against `to`'s `promotion.soak`. */
export interface PendingSoak {
  /** The policy's duration, as written (`48h`). */
  required: string;
  /** When the version's current stretch at 100% of the deployment's traffic in `from` began; absent when it is not at 100% there. */
  since?: string;
  /** `since` plus the soak. */
  readyAt?: string;
  /** Milliseconds still to wait at `generatedAt` (0 when the soak is over); absent when it has not begun. */
  remainingMs?: number;
}

export interface ReportEnvironment {
  name: string;
  lastApply: EnvironmentStatus['lastApply'];
  resources: number;
  lock: LockLease | null;
  drift: EnvironmentStatus['drift'];
  /** Against the default branch's head, as `status` says it (set when the status has it). */
  sync?: EnvironmentSync;
}

/** One audit row: who applied what, from which revision. */
export interface TimelineEntry {
  env: string;
  at: string;
  operator: string;
  revision: string;
  dirty: boolean;
  action: AuditAction;
  kind: AuditEntry['kind'];
  name: string;
  /** A Deployment's traffic before and after the change (null where it did not exist). */
  traffic?: { before: TrafficSplit[] | null; after: TrafficSplit[] | null };
  drift: boolean;
}

/** A `data verify` run's result for one data source (issue 15), when the caller has them. */
export interface DataVerification {
  env: string;
  dataSource: string;
  at: string;
  outcome: VerificationOutcome;
  checks: Array<{ check: string; outcome: VerificationOutcome }>;
}

/** Everything the operator's page shows: typed data, no sentences (format/report-html.ts writes them). */
export interface OperatorReport {
  project: string;
  generatedAt: string;
  /** In promotion order (Project order, then any other environment alphabetically). */
  environments: ReportEnvironment[];
  /** By deployment name. */
  rows: ReportRow[];
  pending: PendingPromotion[];
  /** Newest first. */
  timeline: TimelineEntry[];
  data?: DataVerification[];
}

export interface ReportInput {
  config: Config;
  status: StatusReport;
  /** Audit rows of any environments, in any order. */
  audit: readonly AuditEntry[];
  /** ISO 8601; the caller's clock, so the report is a pure function of its inputs. */
  generatedAt: string;
  data?: readonly DataVerification[];
  /** Most recent audit rows kept (default 25). */
  timelineLimit?: number;
  /** Every Deployment audit row of the environments (any order): with it, pending promotions carry their soak. */
  deploymentAudit?: readonly AuditEntry[];
}

const DEFAULT_TIMELINE = 25;

/**
 * Reads what `status` reads (plus the audit log: the recent rows, and every Deployment row for
 * soak times) and assembles the report. With `sync`, environments are compared with it as
 * `status` compares them.
 */
export async function collectOperatorReport(
  store: StateStore,
  config: Config,
  options: { generatedAt: string; data?: readonly DataVerification[]; timelineLimit?: number; sync?: SyncBasis },
): Promise<OperatorReport> {
  const { sync, ...rest } = options;
  const envs = environmentNames(config, await store.environments());
  const status = await collectStatus(store, envs, sync);
  const limit = options.timelineLimit ?? DEFAULT_TIMELINE;
  const [audit, deploymentAudit] = await Promise.all([
    Promise.all(envs.map((e) => store.history(e, { limit }))),
    Promise.all(envs.map((e) => store.history(e, { kind: 'Deployment' }))),
  ]);
  const data = rest.data ?? recordedData(status);
  return buildOperatorReport({
    config,
    status,
    audit: audit.flat(),
    deploymentAudit: deploymentAudit.flat(),
    ...rest,
    ...(data.length > 0 ? { data } : {}),
  });
}

/**
 * Each data source's last recorded `data verify` result, as status read it from the store. The
 * store keeps each source's outcome and check counts, not each check's, so `checks` is empty.
 */
function recordedData(status: StatusReport): DataVerification[] {
  return status.environments.flatMap((e) =>
    (e.data?.results ?? []).map((r) => ({
      env: e.env,
      dataSource: r.source,
      at: r.at,
      outcome: r.outcome,
      checks: [],
    })),
  );
}

/** Project order first, then environments only the store knows, alphabetically. */
function environmentNames(config: Config, stored: readonly string[]): string[] {
  const names = orderedEnvironments(config).map((e) => e.name);
  for (const n of config.project?.resource.spec.environments ?? []) if (!names.includes(n)) names.push(n);
  const extra = stored.filter((n) => !names.includes(n)).sort();
  return [...names, ...extra];
}

export function buildOperatorReport(input: ReportInput): OperatorReport {
  const { config, status } = input;
  const statusOf = new Map(status.environments.map((e) => [e.env, e]));
  const envNames = environmentNames(
    config,
    status.environments.map((e) => e.env),
  );
  const environments: ReportEnvironment[] = envNames.map((name) => {
    const s = statusOf.get(name);
    const e: ReportEnvironment = {
      name,
      lastApply: s?.lastApply ?? null,
      resources: s?.resources ?? 0,
      lock: s?.lock ?? null,
      drift: s?.drift ?? [],
    };
    if (s?.sync) e.sync = s.sync;
    return e;
  });

  const statusOfVersion = (model: string, version: string): VersionStatus | undefined =>
    config.models.get(model)?.resource.spec.versions.find((v) => v.version === version)?.status;
  const shares = (model: string, traffic: readonly TrafficSplit[]): TrafficShare[] =>
    traffic.map((t) => {
      const s: TrafficShare = { version: t.version, percent: t.percent };
      const st = statusOfVersion(model, t.version);
      if (st) s.status = st;
      return s;
    });

  const names = new Set<string>();
  for (const e of config.environments.values()) for (const n of e.deployments.keys()) names.add(n);
  for (const e of status.environments) for (const d of e.deployments) names.add(d.name);

  const rows: ReportRow[] = [...names].sort().map((deployment) => {
    let model = '';
    const cells = envNames.map((env): ReportCell => {
      const declaredDoc = config.environments.get(env)?.deployments.get(deployment);
      const liveDep = statusOf.get(env)?.deployments.find((d) => d.name === deployment);
      const m = declaredDoc?.resource.spec.model ?? liveDep?.model ?? '';
      model ||= m;
      const declared = declaredDoc ? shares(m, declaredDoc.resource.spec.traffic) : null;
      const live = liveDep ? shares(m, liveDep.traffic) : null;
      const cell: ReportCell = { env, declared, live, sync: syncOf(declared, live, statusOf.get(env)) };
      const drift = statusOf.get(env)?.drift.find((d) => d.kind === 'Deployment' && d.name === deployment);
      if (drift) cell.drift = drift.drift;
      return cell;
    });
    const row: ReportRow = { deployment, model, cells };
    const description = config.models.get(model)?.resource.spec.description;
    if (description !== undefined) row.description = description;
    return row;
  });

  const report: OperatorReport = {
    project: config.project?.name ?? '',
    generatedAt: input.generatedAt,
    environments,
    rows,
    pending: withSoak(pendingOf(rows, envNames), input),
    timeline: timelineOf(input.audit, input.timelineLimit ?? DEFAULT_TIMELINE),
  };
  if (input.data) report.data = sortedData(input.data, envNames);
  return report;
}

function syncOf(
  declared: TrafficShare[] | null,
  live: TrafficShare[] | null,
  env: EnvironmentStatus | undefined,
): ReportCell['sync'] {
  if (declared === null && live === null) return 'absent';
  if (live === null) return env?.lastApply ? 'out-of-sync' : 'not-applied';
  if (declared === null) return 'not-declared';
  return key(declared) === key(live) ? 'synced' : 'out-of-sync';
}

const key = (traffic: readonly TrafficShare[]): string =>
  traffic
    .filter((t) => t.percent > 0)
    .map((t) => `${t.version}=${t.percent}`)
    .sort()
    .join(',');

/**
 * Versions serving in an environment (live, or declared where nothing was applied) that the next
 * environment in promotion order does not serve, for deployments that exist in both.
 */
function pendingOf(rows: readonly ReportRow[], envNames: readonly string[]): PendingPromotion[] {
  const out: PendingPromotion[] = [];
  for (const row of rows) {
    for (let i = 0; i + 1 < envNames.length; i++) {
      const from = current(row.cells[i]!);
      const to = current(row.cells[i + 1]!);
      if (!from || !to) continue;
      const there = new Set(to.filter((t) => t.percent > 0).map((t) => t.version));
      for (const t of from) {
        if (t.percent === 0 || there.has(t.version)) continue;
        const p: PendingPromotion = {
          deployment: row.deployment,
          model: row.model,
          version: t.version,
          from: envNames[i]!,
          to: envNames[i + 1]!,
          percent: t.percent,
        };
        if (t.status) p.status = t.status;
        out.push(p);
      }
    }
  }
  return out;
}

const current = (cell: ReportCell): TrafficShare[] | null => cell.live ?? cell.declared;

/**
 * Each pending promotion's soak, as the gate measures it (gate/checks/promotion-order.ts): the
 * earliest start of a current stretch at 100% in `from`, among the deployments of the model
 * there, against the soak of `to`'s promotion policy.
 */
function withSoak(pending: PendingPromotion[], input: ReportInput): PendingPromotion[] {
  if (!input.deploymentAudit) return pending;
  const timelines = new Map<string, DeploymentTimeline[]>();
  const timelinesOf = (env: string): DeploymentTimeline[] => {
    let found = timelines.get(env);
    if (!found) {
      found = [...timelinesFromAudit(env, input.deploymentAudit!, { kind: 'state', url: '' }).values()];
      timelines.set(env, found);
    }
    return found;
  };
  const now = Date.parse(input.generatedAt);
  return pending.map((p) => {
    const required = input.config.environments.get(p.to)?.environment?.resource.spec.promotion?.soak;
    const soakMs = parseDuration(required);
    if (required === undefined || soakMs === undefined) return p;
    const soak: PendingSoak = { required };
    let since: number | undefined;
    for (const t of timelinesOf(p.from)) {
      if (lastModel(t) !== p.model) continue;
      const point = fullTrafficSince(t.points, p.version);
      if (point && (since === undefined || Date.parse(point.at) < since)) since = Date.parse(point.at);
    }
    if (since !== undefined) {
      soak.since = new Date(since).toISOString();
      soak.readyAt = new Date(since + soakMs).toISOString();
      soak.remainingMs = Math.max(0, since + soakMs - now);
    }
    return { ...p, soak };
  });
}

function lastModel(t: DeploymentTimeline): string | undefined {
  for (let i = t.points.length - 1; i >= 0; i--) {
    const p = t.points[i]!;
    if (p.traffic !== null) return p.model;
  }
  return undefined;
}

function timelineOf(audit: readonly AuditEntry[], limit: number): TimelineEntry[] {
  return [...audit]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
    .slice(0, limit)
    .map((e) => {
      const entry: TimelineEntry = {
        env: e.env,
        at: e.at,
        operator: e.actor,
        revision: e.revision,
        dirty: e.dirty,
        action: e.action,
        kind: e.kind,
        name: e.name,
        drift: e.drift === true,
      };
      if (e.kind === 'Deployment') entry.traffic = { before: trafficIn(e.before), after: trafficIn(e.after) };
      return entry;
    });
}

function trafficIn(spec: unknown): TrafficSplit[] | null {
  const traffic = (spec as { traffic?: unknown } | null | undefined)?.traffic;
  if (!Array.isArray(traffic)) return null;
  return traffic
    .filter((t): t is { version: unknown; percent: unknown } => typeof t === 'object' && t !== null)
    .map((t) => ({ version: String(t.version), percent: Number(t.percent) }));
}

function sortedData(data: readonly DataVerification[], envNames: readonly string[]): DataVerification[] {
  const rank = (env: string) => {
    const i = envNames.indexOf(env);
    return i === -1 ? envNames.length : i;
  };
  return [...data].sort(
    (a, b) => rank(a.env) - rank(b.env) || (a.dataSource < b.dataSource ? -1 : a.dataSource > b.dataSource ? 1 : 0),
  );
}
