import type { HistoryReport } from '../app/history.js';
import type { ChainVerdict } from '../state/chain.js';
import { inline } from './escape.js';
import { showFieldChange, shortRevision } from './plan-text.js';

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;

/** The audit log, newest first: one line per change and its field changes. */
export function formatHistoryText({ env, entries, chain }: HistoryReport): string {
  const verdict = chain === undefined ? '' : chainSentence(env, chain) + '\n';
  if (entries.length === 0) return `No history for ${inline(env)}.\n` + verdict;
  const lines: string[] = [];
  for (const e of entries) {
    const rev =
      shortRevision(e.revision) +
      (e.dirty ? '+dirty' : '') +
      (e.author !== undefined && e.author !== e.actor ? ` (author ${inline(e.author)})` : '');
    lines.push(
      inline(
        `#${e.id}  ${e.at}  ${e.actor}  ${rev}  ${SYMBOL[e.action]} ${e.kind}/${e.name}${e.drift ? '  (corrected drift)' : ''}${e.breakGlass ? `  [break-glass: ${e.breakGlass.join(', ')}]` : ''}`,
      ),
    );
    for (const c of e.changes ?? []) lines.push(`      ${showFieldChange(c)}`);
  }
  return lines.join('\n') + '\n' + verdict;
}

/** What happened to the first audit row that fails verification, as `row #N ...` says it. */
export const BROKEN = {
  inserted: 'was added outside slipway',
  edited: 'was changed after it was written',
  deleted: 'was deleted',
} as const;

/** `history --verify`: whether the audit log's hash chain holds. */
function chainSentence(env: string, chain: ChainVerdict): string {
  if (!chain.intact)
    return inline(`Audit log of ${env} is broken: row #${chain.id} ${BROKEN[chain.problem]} (the first such row).`);
  const before = chain.unchained > 0 ? `; ${chain.unchained} older rows were written before the chain began` : '';
  return inline(`Audit log of ${env} verified: ${chain.rows} chained rows intact${before}.`);
}
