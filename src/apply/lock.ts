import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { UserError } from '../model/errors.js';
import type { LockLease, StateStore } from '../state/store.js';
import { realSleep, type Sleep } from './retry.js';

/** How long a lease lasts without renewal; a crashed run's lock frees itself after this. */
export const LEASE_MS = 2 * 60_000;
const POLL_MS = 200;

export interface LockRequest {
  store: StateStore;
  env: string;
  owner: string;
  /** How long to wait for a held lock, in ms (0: fail at once). */
  timeoutMs: number;
  /** The clock for lease times (injectable); waiting itself uses real time. */
  now: () => Date;
  warn: (message: string) => void;
  host?: string;
  pid?: number;
  sleep?: Sleep;
}

/** A held environment lock. */
export interface HeldLock {
  lease: LockLease;
  /** Extends the lease; throws when another run has taken it over meanwhile. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

/** Whether a process with this pid exists on this host. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeLease(lease: LockLease): string {
  return `${lease.owner} on ${lease.host} (pid ${lease.pid}) since ${lease.acquiredAt}, lease until ${lease.expiresAt}`;
}

/**
 * Takes the environment's lease lock, waiting up to `timeoutMs` for a live holder. A holder whose
 * lease expired, or whose process on this host is gone, is taken over with a warning, so a
 * crashed run never leaves a stuck lock.
 */
export async function acquireEnvLock(request: LockRequest): Promise<HeldLock> {
  const { store, env, owner, now, warn } = request;
  const host = request.host ?? hostname();
  const pid = request.pid ?? process.pid;
  const sleep = request.sleep ?? realSleep;
  const id = randomUUID();
  const deadline = Date.now() + request.timeoutMs;
  const takeOver = (holder: LockLease): string | undefined => {
    if (Date.parse(holder.expiresAt) <= now().getTime()) return `its lease expired at ${holder.expiresAt}`;
    if (holder.host === host && !processAlive(holder.pid))
      return `its process ${holder.pid} on ${host} is no longer running`;
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
      if (attempt.tookOver)
        warn(
          `took over the lock of ${env} held by ${describeLease(attempt.tookOver.holder)}: ${attempt.tookOver.reason}`,
        );
      return held(store, lease, now);
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new UserError(`environment ${env} is locked by ${describeLease(attempt.holder)}`, {
        hint: `wait for that run to finish, pass --lock-timeout (e.g. 5m) to wait for it, or run \`slipway unlock --env ${env}\` if you are sure it is gone`,
        kind: 'conflict',
      });
    }
    await sleep(Math.min(POLL_MS, remaining));
  }
}

function held(store: StateStore, lease: LockLease, now: () => Date): HeldLock {
  return {
    lease,
    async renew() {
      const expiresAt = new Date(now().getTime() + LEASE_MS).toISOString();
      if (!(await store.renewLock(lease.env, lease.id, expiresAt))) {
        throw new UserError(`lost the lock of ${lease.env}: another run took it over after the lease expired`, {
          hint: 'run plan again to see what was applied',
          kind: 'conflict',
        });
      }
      lease.expiresAt = expiresAt;
    },
    release: () => store.releaseLock(lease.env, lease.id),
  };
}
