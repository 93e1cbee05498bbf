import { EngineError } from './types.js';

/** Milliseconds left before `deadline` (epoch ms), at least 1 so drivers never read 0 as "no limit". */
export function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

/**
 * `work`, or a `timeout` EngineError once the deadline passes, after calling `cancel` so the engine
 * stops the work it started (interrupts the query, ends the connection, terminates the thread).
 */
export async function beforeDeadline<T>(work: Promise<T>, deadline: number, cancel: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel();
      reject(new EngineError('timeout', `no answer within the time limit`));
    }, remaining(deadline));
  });
  // The losing side's rejection is expected; it must not surface as unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
