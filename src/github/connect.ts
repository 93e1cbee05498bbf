import type { GitHubRepositoryContext } from './context.js';
import { createGitHubClient, type GitHubClientOptions } from './octokit.js';
import type { GitHubClient } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What a command hands the client besides the context and environment. */
export interface ConnectHooks {
  /** Where retry notices go (already redacted). */
  log?: (line: string) => void;
  /** The clock for check runs' `completed_at` (the command's `io.now`). */
  now?: () => Date;
}

/**
 * Client options for a command run: token and API root from the context, plus two timing knobs
 * read from the environment so in-process CLI tests don't wait real seconds:
 * `SLIPWAY_GITHUB_RETRY_BASE_MS` (milliseconds per second of a retry wait) and
 * `SLIPWAY_GITHUB_SPACE_WRITES=0` (no one-second spacing between writes).
 */
export function clientOptions(
  context: Pick<GitHubRepositoryContext, 'token' | 'apiUrl'>,
  env: Env,
  hooks: ConnectHooks = {},
): GitHubClientOptions {
  const options: GitHubClientOptions = { token: context.token, apiUrl: context.apiUrl };
  const base = Number(env.SLIPWAY_GITHUB_RETRY_BASE_MS);
  if (env.SLIPWAY_GITHUB_RETRY_BASE_MS !== undefined && Number.isFinite(base) && base >= 0)
    options.retryAfterBaseValue = base;
  if (env.SLIPWAY_GITHUB_SPACE_WRITES === '0') options.spaceWrites = false;
  if (hooks.log !== undefined) options.log = hooks.log;
  if (hooks.now !== undefined) options.now = hooks.now;
  return options;
}

/**
 * The Octokit-backed client of every command that talks to GitHub (`gate --github`, `promote --pr`,
 * `rollback --pr`), so the same knobs apply to all:
 * `connectGitHub(readActionsContext(io.env), io.env, { log: (line) => io.stderr.write(...), now: io.now })`.
 */
export function connectGitHub(
  context: Pick<GitHubRepositoryContext, 'token' | 'apiUrl'>,
  env: Env,
  hooks: ConnectHooks = {},
): Promise<GitHubClient> {
  return createGitHubClient(clientOptions(context, env, hooks));
}
