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
    /** 0-based index of the YAML document in a multi-document file. */
    document?: number;
    hint?: string;
  }>;
}

export function formatJson(report: ValidateReport): string {
  const out: ValidateJson = {
    version: 1,
    valid: report.errors === 0,
    summary: { errors: report.errors, warnings: report.warnings, files: report.fileCount },
    diagnostics: report.diagnostics.map((d): ValidateJson['diagnostics'][number] => ({
      // Spelt out key by key: the key order is part of the documented shape.
      severity: d.severity,
      code: d.code,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      ...(d.endLine !== undefined && d.endColumn !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
      path: d.path,
      ...(d.document !== undefined ? { document: d.document } : {}),
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
