import { collectStatus, type StatusReport } from '../status/status.js';
import { checkEnvironment, openStateContext, type StateContextOptions } from './state-context.js';
import { resolveSyncBasis } from './sync-basis.js';

export interface StatusOptions extends StateContextOptions {
  /** Only this environment; every known one otherwise. */
  env?: string | undefined;
  /** Compare with this revision instead of the default branch's head. */
  rev?: string | undefined;
}

export type StatusResult =
  | { kind: 'ok'; report: StatusReport }
  /** The repository's own store does not exist yet: nothing has been applied. */
  | { kind: 'nothing-applied'; report: StatusReport; store: string };

/** `slipway status`: what is live in each environment, read from the store, and whether it is in sync. */
export async function showStatus(options: StatusOptions): Promise<StatusResult> {
  const { store, environments, missing } = await openStateContext(options, 'read');
  try {
    if (options.env !== undefined) checkEnvironment(options.env, environments);
    const envs = options.env !== undefined ? [options.env] : environments;
    const { basis } = await resolveSyncBasis({ root: options.root, rev: options.rev, scope: { environments: envs } });
    const report = await collectStatus(store, envs, basis);
    return missing ? { kind: 'nothing-applied', report, store: missing.display } : { kind: 'ok', report };
  } finally {
    await store.close();
  }
}
