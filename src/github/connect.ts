import type { GitHubRepositoryContext } from './context.js';
import { createGitHubClient, type GitHubClientOptions } from './octokit.js';
import type { GitHubClient } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Client options for a command run: token and API root from the context, plus two timing knobs
 * read from the environment so in-process CLI tests don't wait real seconds:
 * `SLIPWAY_GITHUB_RETRY_BASE_MS` (milliseconds per second of a retry wait) and
 * `SLIPWAY_GITHUB_SPACE_WRITES=0` (no one-second spacing between writes).
 */
export function clientOptions(context: Pick<GitHubRepositoryContext, 'token' | 'apiUrl'>, env: Env, log?: (line: string) => void): GitHubClientOptions {
  const options: GitHubClientOptions = { token: context.token, apiUrl: context.apiUrl };
  const base = Number(env.SLIPWAY_GITHUB_RETRY_BASE_MS);
  if (env.SLIPWAY_GITHUB_RETRY_BASE_MS !== undefined && Number.isFinite(base) && base >= 0) options.retryAfterBaseValue = base;
  if (env.SLIPWAY_GITHUB_SPACE_WRITES === '0') options.spaceWrites = false;
  if (log !== undefined) options.log = log;
  return options;
}

/** The Octokit-backed client for a command: `connectGitHub(readRepositoryContext(io.env), io.env, line => io.stderr.write(...))`. */
export function connectGitHub(context: Pick<GitHubRepositoryContext, 'token' | 'apiUrl'>, env: Env, log?: (line: string) => void): Promise<GitHubClient> {
  return createGitHubClient(clientOptions(context, env, log));
}
