import type { ValidateReport } from './report.js';
import { plural } from './style.js';

/** `3 errors, 1 warning in 42 files`: the last line of validate's text and github formats. */
export function validateSummaryLine(report: Pick<ValidateReport, 'errors' | 'warnings' | 'fileCount'>): string {
  return `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${plural(report.fileCount, 'file')}`;
}

/** A repository-relative path as seen from where the tool that reads the report runs. */
export function withPrefix(file: string, prefix: string | undefined): string {
  if (!prefix) return file;
  return `${prefix.replace(/\/+$/, '')}/${file}`;
}
