import type { ValidateReport } from '../validate/report.js';

export type { ValidateReport };

export interface FormatOptions {
  color: boolean;
  /**
   * Folder of the repository relative to the root the report's reader resolves paths against
   * (the GitHub workspace), with `/` separators; empty or absent when they are the same.
   * Used by the sarif and github formats only: text and json stay repository-relative.
   */
  pathPrefix?: string;
}
