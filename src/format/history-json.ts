import type { HistoryReport } from '../app/history.js';

/** `history --format json`: `{env, entries}`, newest first, and `chain` with `--verify` (docs/output.md). */
export function formatHistoryJson(report: HistoryReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
