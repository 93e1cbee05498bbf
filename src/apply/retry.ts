import { TargetError } from '../targets/target.js';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  initialMs: number;
  maxMs: number;
  multiplier: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialMs: 200, maxMs: 5000, multiplier: 2 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export type RetryOutcome =
  { ok: true; attempts: number } | { ok: false; attempts: number; error: unknown; transient: boolean };

/**
 * Runs `fn`, retrying transient `TargetError`s with exponential backoff and full jitter (a random
 * wait up to the capped exponential delay, so that many clients do not retry in step).
 */
export async function withRetry(
  fn: () => Promise<void>,
  policy: RetryPolicy,
  sleep: Sleep,
  random: () => number = Math.random,
): Promise<RetryOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return { ok: true, attempts: attempt };
    } catch (error) {
      const transient = error instanceof TargetError && error.transient;
      if (!transient || attempt >= policy.attempts) return { ok: false, attempts: attempt, error, transient };
      const cap = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** (attempt - 1));
      await sleep(Math.round(cap * random()));
    }
  }
}
