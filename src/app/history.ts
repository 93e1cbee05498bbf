import type { ChainVerdict } from '../state/chain.js';
import { UserError } from '../model/errors.js';
import type { AuditEntry, HistoryFilter, StateStore } from '../state/store.js';
import { didYouMean } from '../validate/suggest.js';
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
    if (entries.length === 0) await checkResource(store, options.env, options.filter);
    if (!options.verify) return { kind: 'ok', report: { env: options.env, entries } };
    const chain = await store.verifyAudit(options.env);
    return { kind: chain.intact ? 'ok' : 'broken', report: { env: options.env, entries, chain } };
  } finally {
    await store.close();
  }
}

/**
 * A resource never recorded in the environment, but close to one that is, is a likely typo:
 * refused, with the recorded one. Anything else (e.g. not applied yet) simply has no entries.
 */
async function checkResource(store: StateStore, env: string, filter: HistoryFilter): Promise<void> {
  const { kind, name } = filter;
  if (kind === undefined || name === undefined) return;
  const known = new Set((await store.history(env, { kind })).map((e) => e.name));
  const suggestion = didYouMean(name, known);
  if (suggestion === undefined) return;
  throw new UserError(`no ${kind}/${name} in the history of ${env}`, {
    hint: suggestion.replace(/`(.*)`/, `\`${kind}/$1\``),
  });
}
