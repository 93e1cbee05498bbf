import type { DataSourceSpec } from '../../src/kinds/index.js';
import type { SourceRef } from '../../src/engines/types.js';
import { openSources } from '../../src/engines/open.js';
import { verifySources, type VerifyInput } from '../../src/data/verify.js';
import type { CheckResult, SourceResult, VerifyResult } from '../../src/data/result.js';

/** The moment every test judges freshness against. */
const NOW = new Date('2026-11-01T12:00:00Z');

/** A DataSource spec with the required fields filled in. */
export function source(
  name: string,
  spec: Partial<DataSourceSpec> & Pick<DataSourceSpec, 'engine' | 'location'>,
): SourceRef {
  return { name, spec: { type: 'file', owner: 'team:data-eng', classification: 'internal', ...spec } };
}

/** Verifies `sources` with the real engines, files read under `root`. */
export function verify(
  root: string,
  sources: SourceRef[],
  options: Partial<Omit<VerifyInput, 'sources' | 'open'>> & { env?: Record<string, string> } = {},
): Promise<VerifyResult> {
  return verifySources({
    environment: 'dev',
    now: NOW,
    sources,
    ...options,
    open: openSources({ root, env: options.env ?? {} }),
  });
}

/** `[name, status]` of every check: what most assertions compare first. */
export const statuses = (s: SourceResult | undefined): Array<[string, string]> =>
  (s?.checks ?? []).map((c) => [c.column ? `${c.name}:${c.column}` : c.name, c.status]);

/** The check of a source by name (and column), narrowed to its type. */
export function check<N extends CheckResult['name']>(
  s: SourceResult | undefined,
  name: N,
  column?: string,
): Extract<CheckResult, { name: N }> {
  const found = s?.checks.find((c) => c.name === name && (column === undefined || c.column === column));
  if (!found) throw new Error(`no ${name} check${column ? ` on ${column}` : ''}`);
  return found as Extract<CheckResult, { name: N }>;
}

/** The same checks for every engine: a clean source passes each, a dirty one fails each. */
export const ALL_CHECKS: Omit<DataSourceSpec, 'engine' | 'location' | 'type' | 'owner' | 'classification'> = {
  schema: {
    columns: [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'amount', type: 'number', nullable: false },
      { name: 'currency', type: 'string' },
      { name: 'status', type: 'string' },
      { name: 'updated_at', type: 'timestamp', nullable: false },
    ],
  },
  freshness: { maxAge: '6h', column: 'updated_at' },
  dedup: { keys: ['id'] },
  quality: [
    { check: 'notNull', column: 'amount' },
    { check: 'unique', column: 'id' },
    { check: 'range', column: 'amount', min: 0, max: 100 },
    { check: 'regex', column: 'currency', pattern: '^[A-Z]{3}$' },
    { check: 'accepted', column: 'status', values: ['ok', 'pending'] },
    { check: 'rowCount', min: 4, max: 4 },
  ],
};
