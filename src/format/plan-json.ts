import type { PlanReport } from '../plan/report.js';
import type { ResourceChange } from '../plan/plan.js';

/** The documented JSON shape of a plan (docs/output.md), also the file `plan --out` saves. */
export interface PlanJson {
  formatVersion: 1;
  env: string;
  revision: string;
  dirty: boolean;
  stateFingerprint: string;
  createdAt: string;
  summary: PlanReport['summary'];
  /** Only resources that change (no-ops are counted in `summary.unchanged`), in apply order. */
  changes: Array<Exclude<ResourceChange, { action: 'no-op' }>>;
}

export function toPlanJson(report: PlanReport): PlanJson {
  return {
    formatVersion: 1,
    env: report.env,
    revision: report.revision,
    dirty: report.dirty,
    stateFingerprint: report.stateFingerprint,
    createdAt: report.createdAt,
    summary: report.summary,
    changes: report.changes.filter((c): c is Exclude<ResourceChange, { action: 'no-op' }> => c.action !== 'no-op'),
  };
}

export function formatPlanJson(report: PlanReport): string {
  return JSON.stringify(toPlanJson(report), null, 2) + '\n';
}
