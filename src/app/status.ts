import { collectStatus, type StatusReport } from '../status/status.js';
import { checkEnvironment, openStateContext, type StateContextOptions } from './state-context.js';

export interface StatusOptions extends StateContextOptions {
  /** Only this environment; every known one otherwise. */
  env?: string | undefined;
}

export type StatusResult = { kind: 'ok'; report: StatusReport };

/** `slipway status`: what is live in each environment, read from the store. */
export async function showStatus(options: StatusOptions): Promise<StatusResult> {
  const { store, environments } = await openStateContext(options, false);
  try {
    if (options.env !== undefined) checkEnvironment(options.env, environments);
    const report = await collectStatus(store, options.env !== undefined ? [options.env] : environments);
    return { kind: 'ok', report };
  } finally {
    await store.close();
  }
}
