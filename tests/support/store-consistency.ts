import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';

/**
 * Asserts that a SQLite store's applied resources of `env` are exactly what its audit log's last
 * row per resource says (body and revision): what a kill at any moment must never break.
 * Returns the number of resources.
 */
export function expectResourcesMatchAudit(db: Database, env: string): number {
  const resources = db.prepare('SELECT kind, name, body, revision FROM resources WHERE env = ?').all(env) as Array<{
    kind: string;
    name: string;
    body: string;
    revision: string;
  }>;
  const latest = db
    .prepare(
      'SELECT a.kind, a.name, a.action, a.after, a.revision FROM audit a JOIN (SELECT MAX(id) AS id FROM audit WHERE env = ? GROUP BY kind, name) m ON a.id = m.id',
    )
    .all(env) as Array<{ kind: string; name: string; action: string; after: string | null; revision: string }>;
  const live = new Map(latest.filter((l) => l.action !== 'delete').map((l) => [`${l.kind}/${l.name}`, l]));
  expect(resources.length).toBe(live.size);
  for (const r of resources) {
    const l = live.get(`${r.kind}/${r.name}`);
    expect(l, `${r.kind}/${r.name} has no audit row`).toBeDefined();
    expect(JSON.parse(l!.after!)).toEqual((JSON.parse(r.body) as { spec: unknown }).spec);
    expect(l!.revision).toBe(r.revision);
  }
  return resources.length;
}
