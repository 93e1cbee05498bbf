import type { Diagnostic } from '../validate/diagnostic.js';

/** What every validate formatter receives: plain data, no I/O. */
export interface ValidateReport {
  diagnostics: readonly Diagnostic[];
  fileCount: number;
  errors: number;
  warnings: number;
  /** File texts for code frames, by repository-relative path. */
  texts?: ReadonlyMap<string, string>;
}

export interface FormatOptions {
  color: boolean;
}
