import type { TrafficSplit, VersionStatus } from '../kinds/index.js';
import type { Drift } from '../model/change.js';
import type { AuditAction, AuditEntry, LockLease, StateStore } from '../state/store.js';
import { orderedEnvironments, type Config } from '../world/config.js';
import { collectStatus, type EnvironmentStatus, type StatusReport } from './status.js';

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
}

export interface ReportEnvironment {
  name: string;
  lastApply: EnvironmentStatus['lastApply'];
  resources: number;
  lock: LockLease | null;
  drift: EnvironmentStatus['drift'];
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

export type VerificationOutcome = 'passed' | 'failed' | 'error' | 'skipped';

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
}

const DEFAULT_TIMELINE = 25;

/** Reads what `status` reads (plus the audit log) and assembles the report. */
export async function collectOperatorReport(
  store: StateStore,
  config: Config,
  options: { generatedAt: string; data?: readonly DataVerification[]; timelineLimit?: number },
): Promise<OperatorReport> {
  const envs = environmentNames(config, await store.environments());
  const status = await collectStatus(store, envs);
  const limit = options.timelineLimit ?? DEFAULT_TIMELINE;
  const audit = (await Promise.all(envs.map((e) => store.history(e, { limit })))).flat();
  return buildOperatorReport({ config, status, audit, ...options });
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
    return {
      name,
      lastApply: s?.lastApply ?? null,
      resources: s?.resources ?? 0,
      lock: s?.lock ?? null,
      drift: s?.drift ?? [],
    };
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
    pending: pendingOf(rows, envNames),
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
