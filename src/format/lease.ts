// Every sentence about environment locks, in one place.
import type { UnlockResult } from '../app/unlock.js';
import type { TakeOverReason } from '../apply/lock.js';
import type { LockLease } from '../state/store.js';

function describeLease(lease: LockLease): string {
  return `${lease.owner} on ${lease.host} (pid ${lease.pid}) since ${lease.acquiredAt}, lease until ${lease.expiresAt}`;
}

function describeTakeOver(reason: TakeOverReason): string {
  switch (reason.why) {
    case 'expired':
      return `its lease expired at ${reason.expiresAt}`;
    case 'process-gone':
      return `its process ${reason.pid} on ${reason.host} is no longer running`;
    case 'process-exited':
      return `its process ${reason.pid} on ${reason.host} has exited (a zombie its parent has not reaped)`;
  }
}

/** The warning (without `warning: `) when a stale lock was taken over. */
export function tookOverMessage(env: string, holder: LockLease, reason: TakeOverReason): string {
  return `took over the lock of ${env} held by ${describeLease(holder)}: ${describeTakeOver(reason)}`;
}

/** The error and hint when another run holds the lock. */
export function lockedError(env: string, holder: LockLease): { message: string; hint: string } {
  return {
    message: `environment ${env} is locked by ${describeLease(holder)}`,
    hint: `wait for that run to finish, pass --lock-timeout (e.g. 5m) to wait for it, or run \`slipway unlock --env ${env}\` if you are sure it is gone`,
  };
}

/** The error and hint when another run took the lock over during an apply. */
export function lockLostError(env: string): { message: string; hint: string } {
  return {
    message: `lost the lock of ${env}: another run took it over after the lease expired`,
    hint: 'run plan again to see what was applied',
  };
}

/** What `slipway unlock` prints. */
export function formatUnlock(result: UnlockResult): string {
  return result.kind === 'released'
    ? `Released the lock of ${result.env} held by ${describeLease(result.released)}.\n`
    : `${result.env} is not locked.\n`;
}
