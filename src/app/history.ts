import type { AuditEntry, HistoryFilter } from '../state/store.js';
import { checkEnvironment, openStateContext, type StateContextOptions } from './state-context.js';

export interface HistoryOptions extends StateContextOptions {
  env: string;
  /** Only this kind, or this one resource. */
  filter: HistoryFilter;
}

/** The audit log of one environment, newest first (also the shape of `history --format json`). */
export interface HistoryReport {
  env: string;
  entries: AuditEntry[];
}

export type HistoryResult = { kind: 'ok'; report: HistoryReport };

/** `slipway history`: the audit log of an environment. */
export async function showHistory(options: HistoryOptions): Promise<HistoryResult> {
  const { store, environments } = await openStateContext(options, 'read');
  try {
    checkEnvironment(options.env, environments);
    const entries = await store.history(options.env, options.filter);
    return { kind: 'ok', report: { env: options.env, entries } };
  } finally {
    await store.close();
  }
}
