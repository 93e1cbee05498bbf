import type { Diagnostic } from '../model/diagnostic.js';

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
  /**
   * Folder of the repository relative to the root the report's reader resolves paths against
   * (the GitHub workspace), with `/` separators; empty or absent when they are the same.
   * Used by the sarif and github formats only: text and json stay repository-relative.
   */
  pathPrefix?: string;
}
