import type { SimpleGit } from 'simple-git';
import { UserError } from '../model/errors.js';
import { gitError } from '../git/errors.js';
import type { GitHubClient } from '../github/types.js';
import { isReplaceable } from './branch.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The remote every promotion branch is pushed to. */
const REMOTE = 'origin';

/** Where `--pr` pushes and opens its pull request; everything is checked before anything is written. */
export interface PullRequestTarget {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** The pull request's base: the branch the promotion started from. */
  base: string;
  /** The branch's commit on `origin` before the push, if it exists there (the push lease). */
  remoteTip?: string;
}

/**
 * The GitHub client for `--pr`: token and API root from the environment (`GITHUB_TOKEN` or
 * `GH_TOKEN`, `GITHUB_API_URL`), the repository from `GITHUB_REPOSITORY` or else `origin`'s URL.
 * Octokit is imported only here, so commands without `--pr` never load it.
 */
async function openGitHub(
  env: Env,
  remoteUrl: string,
  log: (line: string) => void,
): Promise<{ client: GitHubClient; owner: string; repo: string }> {
  const { readRepositoryContext, repositoryFromRemote } = await import('../github/context.js');
  const { connectGitHub } = await import('../github/connect.js');
  const fromRemote = env.GITHUB_REPOSITORY?.trim() ? undefined : repositoryFromRemote(remoteUrl);
  if (!env.GITHUB_REPOSITORY?.trim() && fromRemote === undefined) {
    throw new UserError(`cannot tell the GitHub repository from ${REMOTE} (${remoteUrl})`, {
      hint: 'set GITHUB_REPOSITORY=owner/repo',
    });
  }
  const context = readRepositoryContext(env, fromRemote);
  const client = await connectGitHub(context, env, { log });
  return { client, owner: context.owner, repo: context.repo };
}

/** The tip of `branch` on the remote, without fetching it. */
async function remoteTipOf(git: SimpleGit, branch: string): Promise<string | undefined> {
  let out: string;
  try {
    out = await git.raw(['ls-remote', '--heads', REMOTE, `refs/heads/${branch}`]);
  } catch (error) {
    throw gitError(error, `reading ${REMOTE}`);
  }
  const sha = out.trim().split(/\s+/)[0];
  return sha === undefined || sha === '' ? undefined : sha;
}

/**
 * Checks everything `--pr` needs before the branch is written: a base branch, an `origin`,
 * GitHub credentials, and that the branch on `origin` (if any) holds nothing but an earlier
 * Slipway commit for the same change, so the push cannot discard someone's work.
 */
export async function preparePullRequest(
  git: SimpleGit,
  env: Env,
  options: { base: string | undefined; head: string; branch: string; localTip?: string; log: (line: string) => void },
): Promise<PullRequestTarget> {
  if (options.base === undefined)
    throw new UserError('HEAD is detached, so there is no base branch for the pull request', {
      hint: 'switch to the branch the pull request should merge into (e.g. git switch main)',
    });
  let url: string;
  try {
    url = (await git.raw(['remote', 'get-url', REMOTE])).trim();
  } catch (error) {
    throw new UserError(`there is no remote \`${REMOTE}\` to push the branch to`, {
      hint: `add it: git remote add ${REMOTE} URL`,
      cause: error,
    });
  }
  const github = await openGitHub(env, url, options.log);
  const remoteTip = await remoteTipOf(git, options.branch);
  if (remoteTip !== undefined && remoteTip !== options.localTip) {
    try {
      await git.raw(['fetch', '--quiet', '--no-tags', REMOTE, `refs/heads/${options.branch}`]);
    } catch (error) {
      throw gitError(error, `fetching ${options.branch} from ${REMOTE}`);
    }
    if (!(await isReplaceable(git, options.head, remoteTip))) {
      throw new UserError(`branch ${options.branch} on ${REMOTE} has commits that slipway did not write`, {
        hint: 'pass --branch NAME for a new branch, or merge or delete the remote one first',
      });
    }
  }
  return { ...github, base: options.base, ...(remoteTip !== undefined ? { remoteTip } : {}) };
}

/** Pushes the branch (guarded by a lease on what `origin` had) and opens or updates its pull request. */
export async function publish(
  git: SimpleGit,
  target: PullRequestTarget,
  pr: { branch: string; title: string; body: string; labels: string[] },
): Promise<{ number: number; url: string; created: boolean }> {
  try {
    await git.raw([
      'push',
      '--quiet',
      `--force-with-lease=refs/heads/${pr.branch}:${target.remoteTip ?? ''}`,
      REMOTE,
      `refs/heads/${pr.branch}:refs/heads/${pr.branch}`,
    ]);
  } catch (error) {
    throw gitError(error, `pushing ${pr.branch} to ${REMOTE}`);
  }
  return target.client.upsertPullRequest(
    { owner: target.owner, repo: target.repo },
    { head: pr.branch, base: target.base, title: pr.title, body: pr.body, labels: pr.labels },
  );
}
