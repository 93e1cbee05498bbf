import type { ValidateReport } from './report.js';

export function formatGithub(_report: ValidateReport): string {
  throw new Error('github output is not implemented yet');
}
