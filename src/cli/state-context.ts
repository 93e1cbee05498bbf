import { UserError } from '../model/errors.js';
import { openStore } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import { resolveStateLocation } from '../state/url.js';
import { readProjectSettings } from '../world/project-settings.js';
import type { CliIO } from './io.js';
import { resolveRepo } from './repo.js';

/** What status, history and unlock share: the store, and the environments known to the project or the store. */
export interface StateContext {
  store: StateStore;
  /** Project order first, then environments only the store knows, by name. */
  environments: string[];
}

export async function openStateContext(
  options: { repo: string; state?: string | undefined },
  io: CliIO,
  create: boolean,
): Promise<StateContext> {
  const root = resolveRepo(options.repo, io);
  const settings = readProjectSettings(root);
  const location = resolveStateLocation({
    flag: options.state,
    env: io.env.SLIPWAY_STATE,
    project: settings.stateUrl,
    repoRoot: root,
    cwd: io.cwd,
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
