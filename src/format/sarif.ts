import type { ValidateReport } from './report.js';

export function formatSarif(_report: ValidateReport): string {
  throw new Error('sarif output is not implemented yet');
}
