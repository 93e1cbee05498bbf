import type { HistoryReport } from '../app/history.js';
import { inline } from './escape.js';
import { showFieldChange, shortRevision } from './plan-text.js';

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;

/** The audit log, newest first: one line per change and its field changes. */
export function formatHistoryText({ env, entries }: HistoryReport): string {
  if (entries.length === 0) return `No history for ${inline(env)}.\n`;
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
  return lines.join('\n') + '\n';
}
