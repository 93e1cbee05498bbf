import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { HolderFacts, LockLease, StateStore } from '../state/store.js';
import { realSleep, type Sleep } from './retry.js';

/** How long a lease lasts without renewal; a crashed run's lock frees itself after this. */
const LEASE_MS = 2 * 60_000;
const POLL_MS = 200;

export interface LockRequest {
  store: StateStore;
  env: string;
  owner: string;
  /** How long to wait for a held lock, in ms (0: fail at once). */
  timeoutMs: number;
  /** The clock for lease times (injectable); waiting itself uses real time. */
  now: () => Date;
  host?: string;
  pid?: number;
  sleep?: Sleep;
}

/** A held environment lock. */
interface HeldLock {
  lease: LockLease;
  /** Extends the lease; false when another run has taken it over meanwhile. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/** Why a held lease was taken over. */
export type TakeOverReason =
  { why: 'expired'; expiresAt: string } | { why: 'process-gone' | 'process-exited'; pid: number; host: string };

/** The outcome of waiting for an environment's lock. */
export type LockOutcome =
  | { kind: 'held'; lock: HeldLock; tookOver?: { holder: LockLease; reason: TakeOverReason } }
  /** Still held by a live run when the wait ran out. */
  | { kind: 'locked'; holder: LockLease };

/** Whether a process with this pid exists on this host. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the environment's lease lock, waiting up to `timeoutMs` for a live holder. A holder whose
 * lease expired, or whose process on this host is gone, is taken over (and the outcome says so),
 * so a crashed run never leaves a stuck lock.
 */
export async function acquireEnvLock(request: LockRequest): Promise<LockOutcome> {
  const { store, env, owner, now } = request;
  const host = request.host ?? hostname();
  const pid = request.pid ?? process.pid;
  const sleep = request.sleep ?? realSleep;
  const id = randomUUID();
  const deadline = Date.now() + request.timeoutMs;
  const takeOver = (holder: LockLease, facts: HolderFacts): TakeOverReason | undefined => {
    if (Date.parse(holder.expiresAt) <= now().getTime()) return { why: 'expired', expiresAt: holder.expiresAt };
    // A pid means something only on the machine, boot and pid namespace that recorded it.
    if (!facts.sameMachine) return undefined;
    if (facts.zombie) return { why: 'process-exited', pid: holder.pid, host };
    if (!processAlive(holder.pid)) return { why: 'process-gone', pid: holder.pid, host };
    return undefined;
  };
  for (;;) {
    const at = now();
    const lease: LockLease = {
      env,
      id,
      owner,
      host,
      pid,
      acquiredAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + LEASE_MS).toISOString(),
    };
    const attempt = await store.acquireLock(lease, takeOver);
    if (attempt.acquired) {
      const lock = held(store, lease, now);
      return attempt.tookOver ? { kind: 'held', lock, tookOver: attempt.tookOver } : { kind: 'held', lock };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { kind: 'locked', holder: attempt.holder };
    await sleep(Math.min(POLL_MS, remaining));
  }
}

function held(store: StateStore, lease: LockLease, now: () => Date): HeldLock {
  return {
    lease,
    async renew() {
      const expiresAt = new Date(now().getTime() + LEASE_MS).toISOString();
      if (!(await store.renewLock(lease.env, lease.id, expiresAt))) return false;
      lease.expiresAt = expiresAt;
      return true;
    },
    release: () => store.releaseLock(lease.env, lease.id),
  };
}
