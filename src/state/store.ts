import type { ChainVerdict } from './chain.js';
import type { Kind } from '../kinds/index.js';
import type { FieldChange } from '../model/diff.js';
import type { ResourceBody } from '../model/resource.js';
import { processState } from './machine.js';

/** A resource as last applied to an environment. */
export interface AppliedResource {
  env: string;
  kind: Kind;
  name: string;
  /** The applied document's `spec`, as JSON data (the same as `body.spec`). */
  spec: unknown;
  /** Everything recorded of the resource: spec, labels, annotations, resolved artifacts. */
  body: ResourceBody;
  /** Content hash of `body` when it was applied, to detect changes without comparing documents. */
  hash: string;
  /**
   * `body` as the store holds it: canonical JSON (`canonicalJson`) when written by this version,
   * so that checking it against `hash` needs no re-serialization.
   */
  bodyText: string;
  /** Commit SHA it was applied from (`working-tree` outside git). */
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
  /** Who ran apply (`--as`, `$SLIPWAY_ACTOR`, `$GITHUB_ACTOR`, git's user.name); not the commit's author. */
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
  /** The field-level changes (spec, labels, artifacts) that this row applied. */
  changes?: FieldChange[];
  /** Whether the change corrected drift (the target differed from what was recorded). */
  drift?: boolean;
  /** The apply run that wrote the row; rows of one run share it. */
  runId?: string;
  /** Controls the run overrode on purpose, e.g. `allow-unmerged`; absent when none. */
  breakGlass?: string[];
  /** The author of the commit applied; absent outside git and in rows written before schema version 3. */
  author?: string;
  /** For a target that delivers through git (kubernetes): the deploy commit the run's branch pointed at. */
  deployCommit?: string;
}

export interface HistoryFilter {
  kind?: Kind;
  name?: string;
  limit?: number;
}

/** A per-environment lock held as a lease. */
export interface LockLease {
  env: string;
  /** Random id of the run holding it; only that run renews or releases it. */
  id: string;
  owner: string;
  host: string;
  pid: number;
  /** ISO 8601. */
  acquiredAt: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** The outcome of one attempt to take a lock; `R` is why a held lease was taken over (the policy's answer). */
export type LockAttempt<R> =
  | { acquired: true; lease: LockLease; tookOver?: { holder: LockLease; reason: R } }
  | { acquired: false; holder: LockLease };

/** Decides whether a held lease may be taken over; returns why, or undefined to respect it. */
/** What the store knows of a lease's holder that its lease does not say. */
export interface HolderFacts {
  /** Same host name, machine, boot and pid namespace: only then does its pid mean anything here. */
  sameMachine: boolean;
  /** Its process has exited but was not reaped (`kill(pid, 0)` still succeeds on it). */
  zombie: boolean;
}

export type TakeOverPolicy<R> = (holder: LockLease, facts: HolderFacts) => R | undefined;

/** The machines of a lock request and of the lease held now (`localMachine`; empty when unknown). */
export interface LockMachines {
  /** This process's machine, boot and pid namespace: what the store records with a new lease. */
  ours: string;
  /** What the store recorded with the held lease (empty for leases written before it did). */
  holder: string;
}

/**
 * What a store does with a lock request, given the lease held now (read inside the store's
 * transaction): refuse it, or write `lease` and report any lease it replaced. Shared by every
 * store so they decide alike; the store writes the lease, and `machines.ours` with it, when
 * `acquired`.
 *
 * The policy may take over a lease whose process is gone, judging by host name and pid. A pid
 * means something only on the machine, boot and pid namespace that recorded it, so unless those
 * match too the policy sees the holder as on another host (and can only take it over once its
 * lease expires). On the same machine, a holder whose process is a zombie (exited, not reaped:
 * `kill(pid, 0)` still succeeds) counts as gone.
 */
export function decideLock<R>(
  lease: LockLease,
  holder: LockLease | undefined,
  takeOver: TakeOverPolicy<R>,
  machines: LockMachines,
  stateOf: (pid: number) => string = processState,
): LockAttempt<R> {
  if (!holder) return { acquired: true, lease };
  const sameMachine = holder.host === lease.host && machines.holder === machines.ours;
  const reason = takeOver(holder, { sameMachine, zombie: sameMachine && stateOf(holder.pid) === 'zombie' });
  return reason === undefined ? { acquired: false, holder } : { acquired: true, lease, tookOver: { holder, reason } };
}

/** A change to record: the new state of one resource (absent `after` = deleted) and its audit row. */
export interface ChangeRecord {
  action: AuditAction;
  kind: Kind;
  name: string;
  before?: ResourceBody;
  after?: ResourceBody;
  /** Hash of `after`; required unless deleting. */
  hash?: string;
  changes: FieldChange[];
  drift?: boolean;
}

/** Who applied, from where and when: shared by every row of one run. */
export interface RecordContext {
  env: string;
  revision: string;
  dirty: boolean;
  actor: string;
  /** ISO 8601. */
  at: string;
  runId: string;
  /** Controls overridden on purpose (`allow-unmerged`), recorded with every row. */
  breakGlass?: string[];
  /** The author of the commit applied (`actor` is who ran apply). */
  author?: string;
  /**
   * The id of the environment lease the write is made under: the store checks, in the write's
   * own transaction, that the lease is still this one, and throws `LeaseLost` (writing nothing)
   * when another run has taken it over. Not recorded.
   */
  leaseId?: string;
  /** The deploy commit of a kubernetes target, made before any row of the run is recorded. */
  deployCommit?: string;
}

/** How one data source fared in a `data verify` run: its status and check counts (never a connection string). */
interface SourceVerification {
  source: string;
  engine: string;
  status: 'pass' | 'fail' | 'error' | 'skipped';
  /** Checks by status. */
  summary: { passed: number; failed: number; errors: number; skipped: number };
}

/** A `data verify` run to record: one row per source, all in one transaction. */
export interface VerificationRun {
  env: string;
  /** ISO 8601: when the run was judged. */
  at: string;
  /** The commit whose declarations were verified (`working-tree` outside git). */
  revision: string;
  dirty: boolean;
  runId: string;
  sources: readonly SourceVerification[];
}

/** A source's recorded result, with the run it came from. */
export interface RecordedVerification extends SourceVerification {
  env: string;
  at: string;
  revision: string;
  runId: string;
}

/** A write under a lease that is no longer ours: another run took the environment's lock over. */
export class LeaseLost extends Error {
  constructor(
    readonly env: string,
    readonly leaseId: string,
  ) {
    super(`the lock of ${env} is no longer held by lease ${leaseId}`);
    this.name = 'LeaseLost';
  }
}

/**
 * Where applied state lives: SQLite by default, PostgreSQL for teams. The interface is async
 * and free of any one database's specifics so both can stand behind it.
 */
export interface StateStore {
  /** Human description, e.g. `sqlite .slipway/state.db`. Never holds credentials. */
  readonly description: string;
  /** Every resource applied to `env`, ordered by kind then name. */
  resources(env: string): Promise<AppliedResource[]>;
  /** The audit log of `env`, newest first. */
  history(env: string, filter?: HistoryFilter): Promise<AuditEntry[]>;
  /**
   * Checks the hash chain of `env`'s audit log (`state/chain.ts`): intact, or the first row
   * inserted, edited or deleted behind slipway's back.
   */
  verifyAudit(env: string): Promise<ChainVerdict>;
  /** Environments with any applied resource or audit row, sorted by name. */
  environments(): Promise<string[]>;
  /** The newest audit row of `env`: revision, time and actor of the last apply. */
  lastApply(env: string): Promise<AuditEntry | undefined>;
  /**
   * Records changes, each resource row with its audit row, all in ONE transaction: a crash
   * leaves either all of them or none.
   */
  record(context: RecordContext, changes: readonly ChangeRecord[]): Promise<void>;
  /** Records a `data verify` run: a row per source, in ONE transaction. */
  recordVerification(run: VerificationRun): Promise<void>;
  /**
   * Each data source's newest recorded result in `env` (with `status`, its newest of that
   * status), by source name. Empty for a store written before verifications were recorded.
   */
  lastVerifications(env: string, filter?: { status?: SourceVerification['status'] }): Promise<RecordedVerification[]>;
  /** The lock of `env`, if any. */
  lock(env: string): Promise<LockLease | undefined>;
  /** One atomic attempt to take the lock of `lease.env`. */
  acquireLock<R>(lease: LockLease, takeOver: TakeOverPolicy<R>): Promise<LockAttempt<R>>;
  /** Extends a held lease; false when it is no longer ours. */
  renewLock(env: string, id: string, expiresAt: string): Promise<boolean>;
  /** Releases a lease we hold (no-op when it is no longer ours). */
  releaseLock(env: string, id: string): Promise<void>;
  /** Removes whatever lock `env` has, returning it: `slipway unlock`. */
  forceUnlock(env: string): Promise<LockLease | undefined>;
  close(): Promise<void>;
}
