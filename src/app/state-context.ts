import { UserError } from '../model/errors.js';
import { openStore, storeExists } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { redact, resolveStateLocation, type StateLocation } from '../state/url.js';
import { resolveDefaultBranch, type DefaultBranch } from './controls.js';
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
  const location = await trustedStateLocation({
    ...options,
    repo: { url: settings.stateUrl, defaultBranch: settings.defaultBranch, where: 'the working tree' },
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

/** What the tree read says of the store, and which tree that is (for messages). */
export interface RepoStateSetting {
  /** `spec.state.url` of the tree read. */
  url: string | undefined;
  /** `spec.defaultBranch` of the tree read. */
  defaultBranch: string | undefined;
  /** `the working tree`, `revision 4f2a9c1`. */
  where: string;
}

const describeUrl = (url: string | undefined): string => (url === undefined ? 'unset' : redact(url));

/**
 * Where to connect: `--state`, else `$SLIPWAY_STATE`, else `spec.state.url` as it stands on the
 * default branch. The revision under review never chooses where Slipway connects (and sends
 * PGPASSWORD): a tree whose value differs from the default branch's is refused, and so is a
 * PostgreSQL URL when there is no default branch to check it against. A SQLite path from the
 * repository must stay inside the repository.
 */
export async function trustedStateLocation(
  options: Pick<StateContextOptions, 'root' | 'cwd' | 'state' | 'stateFromEnv'> & { repo: RepoStateSetting },
): Promise<StateLocation> {
  const { root, cwd, repo } = options;
  if (options.state || options.stateFromEnv)
    return resolveStateLocation({ flag: options.state, env: options.stateFromEnv, repoRoot: root, cwd });
  const hint =
    'choose the store yourself with --state URL (or SLIPWAY_STATE), or merge the change to the default branch first';
  const branch = await resolveDefaultBranch(root, repo.defaultBranch);
  if (branch.kind === 'found') {
    const trusted = branch.settings.stateUrl;
    if (trusted !== repo.url)
      throw new UserError(
        `slipway.yaml spec.state.url differs between ${repo.where} (${describeUrl(repo.url)}) and the default branch ${branch.name} (${describeUrl(trusted)}): Slipway connects only to the store the default branch names`,
        { hint, kind: 'refused' },
      );
  } else if (repo.url !== undefined && !repo.url.startsWith('sqlite:')) {
    throw new UserError(
      `slipway.yaml spec.state.url names ${describeUrl(repo.url)}, which cannot be checked against the default branch (${unknownBranch(branch)}): Slipway connects to a server only when the default branch names it`,
      { hint, kind: 'refused' },
    );
  }
  const location = resolveStateLocation({ project: repo.url, repoRoot: root, cwd });
  if (location.type === 'sqlite' && !insideRepository(root, location.file))
    throw new UserError(
      `slipway.yaml spec.state.url ${repo.url ?? 'sqlite:.slipway/state.db'} points outside the repository (${location.file})`,
      { hint: 'use a path inside the repository, or pass --state with the store you mean', kind: 'refused' },
    );
  return location;
}

function unknownBranch(branch: Exclude<DefaultBranch, { kind: 'found' }>): string {
  return branch.kind === 'missing'
    ? `${branch.name} exists neither as origin/${branch.name} nor as a local branch`
    : `${branch.where} names ${branch.says}, not ${branch.name}`;
}

/** Whether `file` is inside `root`, symbolic links resolved as far as the path exists. */
function insideRepository(root: string, file: string): boolean {
  const real = (p: string): string => {
    let existing = p;
    const rest: string[] = [];
    for (;;) {
      try {
        return path.join(realpathSync(existing), ...rest);
      } catch {
        const parent = path.dirname(existing);
        if (parent === existing) return p;
        rest.unshift(path.basename(existing));
        existing = parent;
      }
    }
  };
  const rel = path.relative(real(root), real(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
