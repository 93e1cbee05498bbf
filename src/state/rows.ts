import { z } from 'zod';
import { KINDS, type Kind } from '../kinds/index.js';
import type {
  AppliedResource,
  AuditEntry,
  ChangeRecord,
  LockLease,
  RecordContext,
  RecordedVerification,
  VerificationRun,
} from './store.js';
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
  // Schema version 3: a JSON array of the controls overridden on purpose (NULL when none).
  break_glass: z.string().nullish(),
  // Schema version 4: the commit's author, apart from `actor` (who ran apply).
  author: z.string().nullish(),
  // Schema version 5: the deploy commit of a kubernetes target.
  deploy_commit: z.string().nullish(),
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

// Schema version 6: one row per data source of each `data verify` run.
const VerificationRow = z.object({
  id: z.coerce.number(),
  run_id: z.string(),
  env: z.string(),
  at: z.string(),
  revision: z.string(),
  dirty: z.coerce.number(),
  source: z.string(),
  engine: z.string(),
  status: z.enum(['pass', 'fail', 'error', 'skipped']),
  summary: z.string(),
});
const Summary = z.object({
  passed: z.number(),
  failed: z.number(),
  errors: z.number(),
  skipped: z.number(),
});

type Table = 'resources' | 'audit' | 'locks' | 'verifications';

/**
 * A row that cannot be read: which table, which row (its key as far as it can be read), which
 * column and what is wrong. Each store turns it into a message naming itself and how to recover.
 */
export class BadRow extends Error {
  constructor(
    readonly table: Table,
    readonly row: string,
    readonly column: string,
    readonly problem: string,
  ) {
    super(`table ${table}, row ${row}: column ${column} ${problem}`);
    this.name = 'BadRow';
  }
}

const field = (raw: unknown, key: string): string => {
  const v = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '?';
};

/** How a row is named in messages: what identifies it in its table. */
function rowKey(table: Table, raw: unknown): string {
  switch (table) {
    case 'resources':
      return `env=${field(raw, 'env')} kind=${field(raw, 'kind')} name=${field(raw, 'name')}`;
    case 'audit':
      return `id=${field(raw, 'id')}`;
    case 'locks':
      return `env=${field(raw, 'env')}`;
    case 'verifications':
      return `id=${field(raw, 'id')}`;
  }
}

function parseRow<T>(schema: z.ZodType<T>, table: Table, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new BadRow(
    table,
    rowKey(table, raw),
    String(issue?.path[0] ?? '?'),
    `is not valid (${issue?.message ?? 'bad value'})`,
  );
}

function parseJson(table: Table, raw: unknown, column: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRow(table, rowKey(table, raw), column, `is not valid JSON (${JSON.stringify(text.slice(0, 40))})`);
  }
}

export function toAppliedResource(raw: unknown): AppliedResource {
  const row = parseRow(ResourceRow, 'resources', raw);
  const body = parseJson('resources', raw, 'body', row.body) as ResourceBody;
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
  const row = parseRow(AuditRow, 'audit', raw);
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
    changes: parseJson('audit', raw, 'changes', row.changes) as AuditEntry['changes'],
    drift: row.drift === 1,
    runId: row.run_id,
  };
  if (row.before !== null) entry.before = parseJson('audit', raw, 'before', row.before);
  if (row.after !== null) entry.after = parseJson('audit', raw, 'after', row.after);
  if (row.break_glass) entry.breakGlass = parseJson('audit', raw, 'break_glass', row.break_glass) as string[];
  if (row.author) entry.author = row.author;
  if (row.deploy_commit) entry.deployCommit = row.deploy_commit;
  return entry;
}

export function toRecordedVerification(raw: unknown): RecordedVerification {
  const row = parseRow(VerificationRow, 'verifications', raw);
  const summary = Summary.safeParse(parseJson('verifications', raw, 'summary', row.summary));
  if (!summary.success) throw new BadRow('verifications', rowKey('verifications', raw), 'summary', 'is not valid');
  return {
    env: row.env,
    at: row.at,
    revision: row.revision,
    runId: row.run_id,
    source: row.source,
    engine: row.engine,
    status: row.status,
    summary: summary.data,
  };
}

/** The verification row's columns, in the order of `verificationValues`. */
export const verificationColumns = 'run_id, env, at, revision, dirty, source, engine, status, summary';

/** The rows of one `data verify` run, each in the order of `verificationColumns`. */
export function verificationValues(run: VerificationRun): Array<Array<string | number>> {
  return run.sources.map((s) => [
    run.runId,
    run.env,
    run.at,
    run.revision,
    run.dirty ? 1 : 0,
    s.source,
    s.engine,
    s.status,
    JSON.stringify(s.summary),
  ]);
}

/** Each source's newest row of `env` (`?`/`$n` placeholders: env, then status when filtered). */
export function lastVerificationsSql(filtered: boolean, placeholder: (i: number) => string): string {
  const status = filtered ? ` AND status = ${placeholder(2)}` : '';
  return `SELECT * FROM verifications WHERE id IN (SELECT MAX(id) FROM verifications WHERE env = ${placeholder(1)}${status} GROUP BY source) ORDER BY source`;
}

/** The machine recorded with a lock row (`state/machine.ts`); empty when none was. */
export function machineOf(raw: unknown): string {
  const machine = (raw as { machine?: unknown } | undefined)?.machine;
  return typeof machine === 'string' ? machine : '';
}

export function toLease(raw: unknown): LockLease {
  const row = parseRow(LockRow, 'locks', raw);
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
  'run_id, env, at, actor, revision, dirty, action, kind, name, before, after, changes, drift, break_glass, author, deploy_commit';

/** The values of one audit row, in the order of `auditColumns`: one definition for every store. */
export function auditValues(context: RecordContext, change: ChangeRecord): Array<string | number | null> {
  const { env, revision, dirty, actor, at, runId, breakGlass, author } = context;
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
    breakGlass && breakGlass.length > 0 ? JSON.stringify(breakGlass) : null,
    author ?? null,
    context.deployCommit ?? null,
  ];
}

/** The message and hint for a row that cannot be read, in store `display`. */
export function badRowError(error: BadRow, display: string): { message: string; hint: string } {
  const message = `state store ${display}: ${error.message}`;
  switch (error.table) {
    case 'resources':
      return {
        message,
        hint: 'restore the store from a backup, or delete that row (the audit log keeps its history) and run apply to record the resource again; slipway did not change it',
      };
    case 'audit':
      return {
        message,
        hint: 'the audit log is append-only: restore the store from a backup; slipway did not change it',
      };
    case 'locks':
      return {
        message,
        hint: 'delete that row of table locks by hand (slipway unlock cannot read it); slipway did not change it',
      };
    case 'verifications':
      return {
        message,
        hint: 'delete that row of table verifications (a later `slipway data verify` records the source again); slipway did not change it',
      };
  }
}

/** The table a "missing table" error of either database names, if any. */
export function missingTable(text: string): string | undefined {
  return /no such table: (\w+)|relation "(?:[\w]+\.)?(\w+)" does not exist/i
    .exec(text)
    ?.slice(1)
    .find((t) => t !== undefined);
}
