import { z } from 'zod';
import { KINDS, type Kind } from '../kinds/index.js';
import type { AppliedResource, AuditEntry, ChangeRecord, LockLease, RecordContext } from './store.js';
import type { ResourceBody } from '../model/resource.js';

// Rows are parsed at the boundary: a hand-edited or foreign database fails clearly, not deep
// inside. Shared by every store: the tables are the same everywhere.
const ResourceRow = z.object({
  env: z.string(),
  kind: z.enum(KINDS),
  name: z.string(),
  body: z.string(),
  hash: z.string(),
  revision: z.string(),
  applied_at: z.string(),
  actor: z.string(),
});
const AuditRow = z.object({
  id: z.coerce.number(),
  run_id: z.string(),
  env: z.string(),
  at: z.string(),
  actor: z.string(),
  revision: z.string(),
  dirty: z.coerce.number(),
  action: z.enum(['create', 'update', 'delete']),
  kind: z.enum(KINDS),
  name: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  changes: z.string(),
  drift: z.coerce.number(),
  // Added by migration 2; a store read before migrating has no such column.
  deploy_commit: z.string().nullable().optional(),
});
const LockRow = z.object({
  env: z.string(),
  id: z.string(),
  owner: z.string(),
  host: z.string(),
  pid: z.coerce.number(),
  acquired_at: z.string(),
  expires_at: z.string(),
});

export function toAppliedResource(raw: unknown): AppliedResource {
  const row = ResourceRow.parse(raw);
  const body = JSON.parse(row.body) as ResourceBody;
  return {
    env: row.env,
    kind: row.kind as Kind,
    name: row.name,
    spec: body.spec,
    body,
    hash: row.hash,
    bodyText: row.body,
    revision: row.revision,
    appliedAt: row.applied_at,
    actor: row.actor,
  };
}

export function toAuditEntry(raw: unknown): AuditEntry {
  const row = AuditRow.parse(raw);
  const entry: AuditEntry = {
    id: row.id,
    env: row.env,
    at: row.at,
    actor: row.actor,
    revision: row.revision,
    dirty: row.dirty === 1,
    action: row.action,
    kind: row.kind as Kind,
    name: row.name,
    changes: JSON.parse(row.changes) as AuditEntry['changes'],
    drift: row.drift === 1,
    runId: row.run_id,
  };
  if (row.deploy_commit !== null && row.deploy_commit !== undefined) entry.deployCommit = row.deploy_commit;
  if (row.before !== null) entry.before = JSON.parse(row.before) as unknown;
  if (row.after !== null) entry.after = JSON.parse(row.after) as unknown;
  return entry;
}

export function toLease(raw: unknown): LockLease {
  const row = LockRow.parse(raw);
  return {
    env: row.env,
    id: row.id,
    owner: row.owner,
    host: row.host,
    pid: row.pid,
    acquiredAt: row.acquired_at,
    expiresAt: row.expires_at,
  };
}

/** The audit row's columns for one change, in the order of the INSERT statements. */
export const auditColumns =
  'run_id, env, at, actor, revision, dirty, action, kind, name, before, after, changes, drift, deploy_commit';

/** The values of one audit row, in the order of `auditColumns`: one definition for every store. */
export function auditValues(context: RecordContext, change: ChangeRecord): Array<string | number | null> {
  const { env, revision, dirty, actor, at, runId } = context;
  return [
    runId,
    env,
    at,
    actor,
    revision,
    dirty ? 1 : 0,
    change.action,
    change.kind,
    change.name,
    change.before === undefined ? null : JSON.stringify(change.before.spec),
    change.after === undefined ? null : JSON.stringify(change.after.spec),
    JSON.stringify(change.changes),
    change.drift ? 1 : 0,
    context.deployCommit ?? null,
  ];
}
