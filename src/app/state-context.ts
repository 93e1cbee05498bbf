import { UserError } from '../model/errors.js';
import { openStore } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import { resolveStateLocation } from '../state/url.js';
import { readProjectSettings } from '../world/project-settings.js';

/** Where status, history and unlock find the state store. */
export interface StateContextOptions {
  /** The repository root, resolved. */
  root: string;
  /** Where a relative `--state` or `$SLIPWAY_STATE` path resolves (the working directory). */
  cwd: string;
  /** `--state`, when given. */
  state?: string | undefined;
  /** `$SLIPWAY_STATE`, when set. */
  stateFromEnv?: string | undefined;
}

/** What status, history and unlock share: the store, and the environments known to the project or the store. */
export interface StateContext {
  store: StateStore;
  /** Project order first, then environments only the store knows, by name. */
  environments: string[];
}

/**
 * Opens the store (`--state` > `$SLIPWAY_STATE` > slipway.yaml > the default) without loading
 * the whole configuration, and lists the known environments. A store that does not exist is
 * created only when `create`; otherwise it reads as empty.
 */
export async function openStateContext(options: StateContextOptions, create: boolean): Promise<StateContext> {
  const settings = readProjectSettings(options.root);
  const location = resolveStateLocation({
    flag: options.state,
    env: options.stateFromEnv,
    project: settings.stateUrl,
    repoRoot: options.root,
    cwd: options.cwd,
  });
  const store = await openStore(location, { create });
  try {
    const stored = await store.environments();
    const environments = [...settings.environments, ...stored.filter((e) => !settings.environments.includes(e))];
    return { store, environments };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A usage error naming the known environments, unless `env` is one. */
export function checkEnvironment(env: string, known: readonly string[]): void {
  if (known.includes(env)) return;
  throw new UserError(`unknown environment "${env}"`, {
    hint:
      known.length > 0
        ? `known environments: ${known.join(', ')}`
        : 'no environment is declared in slipway.yaml or recorded in the state store',
  });
}
