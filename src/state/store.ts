import type { Kind } from '../kinds/index.js';

/** A resource as last applied to an environment. */
export interface AppliedResource {
  env: string;
  kind: Kind;
  name: string;
  /** The applied document's `spec` (and metadata), as JSON data. */
  spec: unknown;
  /** Content hash of `spec`, to detect changes without comparing documents. */
  hash: string;
  /** Commit SHA it was applied from. */
  revision: string;
  /** ISO 8601 time of the apply. */
  appliedAt: string;
  actor: string;
}

export type AuditAction = 'create' | 'update' | 'delete';

/** One append-only audit row: a change applied to one resource. */
export interface AuditEntry {
  id: number;
  env: string;
  /** ISO 8601. */
  at: string;
  actor: string;
  revision: string;
  /** Whether the working tree was dirty when applied. */
  dirty: boolean;
  action: AuditAction;
  kind: Kind;
  name: string;
  /** The spec before and after; absent for create/delete respectively. */
  before?: unknown;
  after?: unknown;
}

export interface HistoryFilter {
  kind?: Kind;
  name?: string;
  limit?: number;
}

/** A per-environment lock held as a lease. */
export interface LockLease {
  env: string;
  owner: string;
  host: string;
  pid: number;
  /** ISO 8601. */
  acquiredAt: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * Where applied state lives: SQLite by default, PostgreSQL for teams. The interface is async
 * and free of any one database's specifics so both can stand behind it.
 */
export interface StateStore {
  /** Every resource applied to `env`. */
  resources(env: string): Promise<AppliedResource[]>;
  /** The audit log of `env`, newest first. */
  history(env: string, filter?: HistoryFilter): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
