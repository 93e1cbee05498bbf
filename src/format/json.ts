import type { ValidateReport } from './report.js';

/** The stable JSON shape of `validate --format json`, documented in docs/output.md. */
export interface ValidateJson {
  version: 1;
  valid: boolean;
  summary: { errors: number; warnings: number; files: number };
  diagnostics: Array<{
    severity: 'error' | 'warning';
    code: string;
    message: string;
    file: string;
    line: number;
    column: number;
    endLine?: number;
    endColumn?: number;
    path: string;
    hint?: string;
  }>;
}

export function formatJson(report: ValidateReport): string {
  const out: ValidateJson = {
    version: 1,
    valid: report.errors === 0,
    summary: { errors: report.errors, warnings: report.warnings, files: report.fileCount },
    diagnostics: report.diagnostics.map((d) => {
      const item: ValidateJson['diagnostics'][number] = { severity: d.severity, code: d.code, message: d.message, file: d.file, line: d.line, column: d.column, path: d.path };
      if (d.endLine !== undefined) item.endLine = d.endLine;
      if (d.endColumn !== undefined) item.endColumn = d.endColumn;
      if (d.hint !== undefined) item.hint = d.hint;
      return item;
    }),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
