import { canonicalJson, textHash } from '../model/canonical.js';
import { auditColumns } from './rows.js';

/**
 * The audit log's hash chain (issue 12): each row of an environment carries, in its `chain`
 * column, the id of the environment's previous chained row and a hash over that row's chain and
 * this row's canonical content (its id and every column), as `<previous id>:sha256:<hex>`
 * (previous id 0 where the chain starts). Rows written before the column existed have none;
 * the chain starts after them.
 */

const COLUMNS = auditColumns.split(',').map((c) => c.trim());

/** The `chain` value of audit row `id` with these `values` (in the order of `auditColumns`). */
export function chainLink(
  previous: { id: number; chain: string } | undefined,
  id: number,
  values: ReadonlyArray<string | number | null>,
): string {
  const content: Record<string, unknown> = { id };
  COLUMNS.forEach((c, i) => (content[c] = values[i] ?? null));
  return link(previous?.id ?? 0, previous?.chain ?? '', content);
}

function link(previousId: number, previousChain: string, content: Record<string, unknown>): string {
  return `${previousId}:${textHash(`${previousChain}\n${canonicalJson(content)}`)}`;
}

/** What `history --verify` found: the first row inserted, edited or deleted behind slipway's back. */
export type ChainVerdict =
  | { intact: true; rows: number; unchained: number }
  | { intact: false; problem: 'inserted' | 'edited' | 'deleted'; id: number };

/** One audit row as stored: its columns by name, `chain` among them. */
type RawRow = Record<string, unknown>;

const idOf = (row: RawRow): number => Number(row.id);
const chainOf = (row: RawRow): string | undefined => (typeof row.chain === 'string' ? row.chain : undefined);

function parse(chain: string): { previousId: number; hash: string } | undefined {
  const m = /^(\d+):(sha256:[0-9a-f]{64})$/.exec(chain);
  return m ? { previousId: Number(m[1]), hash: m[2]! } : undefined;
}

function recompute(row: RawRow, previousId: number, previousChain: string): string {
  const content: Record<string, unknown> = { id: idOf(row) };
  for (const c of COLUMNS) content[c] = normalise(row[c]);
  return link(previousId, previousChain, content);
}

/** Integers as numbers, whatever the driver returned; absent columns (older schemas) as NULL. */
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** Checks the chain of one environment's audit rows, given oldest first. */
export function verifyChain(rows: readonly RawRow[]): ChainVerdict {
  const byId = new Map(rows.map((r) => [idOf(r), r]));
  const start = rows.findIndex((r) => chainOf(r) !== undefined);
  if (start === -1) return { intact: true, rows: 0, unchained: rows.length };
  for (let i = start; i < rows.length; i++) {
    const row = rows[i]!;
    const chain = chainOf(row);
    // After the chain started every row slipway writes has a link: one without was added by hand.
    if (chain === undefined) return { intact: false, problem: 'inserted', id: idOf(row) };
    const parsed = parse(chain);
    if (parsed === undefined) return suspect(rows, i);
    const { previousId } = parsed;
    const expected = i === start ? 0 : idOf(rows[i - 1]!);
    let previousChain = '';
    if (previousId !== 0) {
      const previous = byId.get(previousId);
      if (previous === undefined) return { intact: false, problem: 'deleted', id: previousId };
      const pc = chainOf(previous);
      if (pc === undefined) return { intact: false, problem: 'edited', id: previousId };
      previousChain = pc;
    }
    const holds = recompute(row, previousId, previousChain) === chain;
    if (previousId === expected) {
      if (!holds) return suspect(rows, i);
      continue;
    }
    // A genuine row linking to an earlier one: the rows between were added. A row whose link
    // neither holds nor names the row before it was added with a made-up link.
    if (!holds || previousId > expected) return { intact: false, problem: 'inserted', id: idOf(row) };
    const first = rows.find((r) => idOf(r) > previousId && idOf(r) < idOf(row));
    return { intact: false, problem: 'inserted', id: first === undefined ? expected : idOf(first) };
  }
  return { intact: true, rows: rows.length - start, unchained: start };
}

/**
 * Row `i`'s link does not hold: edited, unless the next row skips it (links to the row before),
 * which makes it a row inserted with a made-up link.
 */
function suspect(rows: readonly RawRow[], i: number): ChainVerdict {
  const row = rows[i]!;
  const next = rows[i + 1];
  const nextLink = next === undefined ? undefined : parse(chainOf(next) ?? '');
  if (nextLink !== undefined && nextLink.previousId < idOf(row))
    return { intact: false, problem: 'inserted', id: idOf(row) };
  return { intact: false, problem: 'edited', id: idOf(row) };
}
