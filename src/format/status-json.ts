import type { StatusReport } from '../status/status.js';

/** `status --format json`: the report as it is (docs/output.md). */
export function formatStatusJson(report: StatusReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
