import { readAhead } from '../load/read-ahead.js';
import type { ValidateReport } from '../validate/report.js';
import { loadAndValidate, validateReport } from './load-config.js';

export type ValidateResult = { kind: 'valid' | 'invalid'; report: ValidateReport };

/** `slipway validate`: every file of the working tree at `root`, every rule. */
export async function validateRepository(root: string): Promise<ValidateResult> {
  // Reading starts first, on its own thread; the rules load between the batches of files.
  const checked = await loadAndValidate(readAhead(root));
  const report = validateReport(checked);
  return { kind: report.errors > 0 ? 'invalid' : 'valid', report };
}
