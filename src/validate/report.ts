import type { Diagnostic } from '../model/diagnostic.js';

/** What `validate` found: what every validate formatter receives, as plain data. */
export interface ValidateReport {
  diagnostics: readonly Diagnostic[];
  fileCount: number;
  errors: number;
  warnings: number;
  /** File texts for code frames, by repository-relative path. */
  texts?: ReadonlyMap<string, string>;
}
