import type { PlanReport } from '../plan/report.js';
import { savedPlanText, toPlanJson } from '../plan/saved.js';

/** One plan: the documented shape (docs/output.md), as `plan --out` saves it. */
export function formatPlanJson(report: PlanReport): string {
  return savedPlanText(report);
}

/** One environment as one object; several as an array of them (docs/output.md). */
export function formatPlansJson(reports: readonly PlanReport[]): string {
  return reports.length === 1 ? formatPlanJson(reports[0]!) : JSON.stringify(reports.map(toPlanJson), null, 2) + '\n';
}
