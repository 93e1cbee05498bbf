import { readAhead } from '../load/read-ahead.js';
import { collectOperatorReport, type OperatorReport } from '../status/report.js';
import type { ValidateReport } from '../validate/report.js';
import { loadAndValidate, validateReport, type CheckedTree } from './load-config.js';
import { openStateContext, type StateContextOptions } from './state-context.js';
import { resolveSyncBasis } from './sync-basis.js';

export interface ReportOptions extends StateContextOptions {
  /** Read the configuration at this revision instead of the default branch's head. */
  rev?: string | undefined;
}

export interface ReportPorts {
  /** The clock: when the report was made, and how much soak remains. */
  now(): Date;
}

export type ReportResult =
  { kind: 'ok'; report: OperatorReport } | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * `slipway report`: the operator's page as data. What is declared is read at the default
 * branch's head (or `rev`), the revision `status` compares with; outside git, or without that
 * branch, from the working tree (and the sync is unknown). What is live comes from the store.
 */
export async function buildReport(options: ReportOptions, ports: ReportPorts): Promise<ReportResult> {
  const { store } = await openStateContext(options, 'read');
  try {
    const resolved = await resolveSyncBasis({ root: options.root, rev: options.rev });
    let checked: CheckedTree;
    let source: string;
    if (resolved.checked && resolved.source) ({ checked, source } = resolved);
    else [checked, source] = [await loadAndValidate(readAhead(options.root)), 'the working tree'];
    if (checked.result.errors > 0) return { kind: 'invalid', report: validateReport(checked), source };
    const report = await collectOperatorReport(store, checked.result.config, {
      generatedAt: ports.now().toISOString(),
      sync: resolved.basis,
    });
    return { kind: 'ok', report };
  } finally {
    await store.close();
  }
}
