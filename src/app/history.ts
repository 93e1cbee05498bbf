import type { ChainVerdict } from '../state/chain.js';
import type { AuditEntry, HistoryFilter } from '../state/store.js';
import { checkEnvironment, openStateContext, type StateContextOptions } from './state-context.js';

export interface HistoryOptions extends StateContextOptions {
  env: string;
  /** Only this kind, or this one resource. */
  filter: HistoryFilter;
  /** Also check the audit log's hash chain (`history --verify`). */
  verify?: boolean;
}

/** The audit log of one environment, newest first (also the shape of `history --format json`). */
export interface HistoryReport {
  env: string;
  entries: AuditEntry[];
  /** With `verify`: whether the audit log's hash chain holds, or its first row changed behind slipway's back. */
  chain?: ChainVerdict;
}

/** `broken`: `verify` found a row inserted, edited or deleted outside slipway. */
export type HistoryResult = { kind: 'ok' | 'broken'; report: HistoryReport };

/** `slipway history`: the audit log of an environment. */
export async function showHistory(options: HistoryOptions): Promise<HistoryResult> {
  const { store, environments } = await openStateContext(options, 'read');
  try {
    checkEnvironment(options.env, environments);
    const entries = await store.history(options.env, options.filter);
    if (!options.verify) return { kind: 'ok', report: { env: options.env, entries } };
    const chain = await store.verifyAudit(options.env);
    return { kind: chain.intact ? 'ok' : 'broken', report: { env: options.env, entries, chain } };
  } finally {
    await store.close();
  }
}
