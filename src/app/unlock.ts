import type { LockLease } from '../state/store.js';
import { checkEnvironment, openStateContext, type StateContextOptions } from './state-context.js';

export interface UnlockOptions extends StateContextOptions {
  env: string;
}

export type UnlockResult = { kind: 'released'; env: string; released: LockLease } | { kind: 'not-locked'; env: string };

/** `slipway unlock`: removes whatever lock the environment has, by hand. */
export async function unlockEnvironment(options: UnlockOptions): Promise<UnlockResult> {
  const { store, environments } = await openStateContext(options, 'write');
  try {
    checkEnvironment(options.env, environments);
    const released = await store.forceUnlock(options.env);
    return released ? { kind: 'released', env: options.env, released } : { kind: 'not-locked', env: options.env };
  } finally {
    await store.close();
  }
}
