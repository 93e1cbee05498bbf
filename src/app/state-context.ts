import { UserError } from '../model/errors.js';
import { openStore, storeExists } from '../state/open.js';
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
  /** Set when the repository's own SQLite store does not exist yet: nothing was ever applied with it. */
  missing?: { display: string };
}

/**
 * Opens the store (`--state` > `$SLIPWAY_STATE` > slipway.yaml > the default) without loading
 * the whole configuration, and lists the known environments. A store named explicitly
 * (`--state`, `$SLIPWAY_STATE`) must exist: a typo must not read as an empty environment. The
 * repository's own store that does not exist yet reads as empty (and says so in `missing`).
 */
export async function openStateContext(options: StateContextOptions, access: 'read' | 'write'): Promise<StateContext> {
  const settings = readProjectSettings(options.root);
  const location = resolveStateLocation({
    flag: options.state,
    env: options.stateFromEnv,
    project: settings.stateUrl,
    repoRoot: options.root,
    cwd: options.cwd,
  });
  const exists = storeExists(location);
  if (!exists && (location.from === '--state' || location.from === 'SLIPWAY_STATE'))
    throw new UserError(`state store ${location.display} (from ${location.from}) does not exist`, {
      hint: `check the path for a typo; a store is created by the first \`slipway apply\`, and nothing has been applied to this one`,
      kind: 'environment',
    });
  const store = await openStore(location, { create: false, write: access === 'write' });
  try {
    const stored = await store.environments();
    const environments = [...settings.environments, ...stored.filter((e) => !settings.environments.includes(e))];
    return exists ? { store, environments } : { store, environments, missing: { display: location.display } };
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
