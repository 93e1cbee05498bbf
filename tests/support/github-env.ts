/**
 * The environment a GitHub Actions run gives `slipway gate --github` (and `promote --pr`),
 * pointed at a GitHubTestServer: token, repository, event name and payload file, API URL, and
 * the test-only timing knobs so retries and write spacing take milliseconds.
 *
 *   const server = await GitHubTestServer.start({ token: TEST_TOKEN });
 *   const env = actionsEnv(server, { number: 7, headSha: repo.head(), baseRef: 'main', author: 'alice' });
 *   const result = await runCli(['gate', '--base', 'main', '--github'], { cwd: repo.dir, env });
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubTestServer } from './github-server.js';
import { tempDir } from './tree.js';

export const TEST_TOKEN = 'ghs_TestT0kenThatMustNeverBePrinted0001';

export interface PullRequestEventOptions {
  event?: 'pull_request' | 'pull_request_review';
  owner?: string;
  repo?: string;
  number?: number;
  headSha?: string;
  headRef?: string;
  baseSha?: string;
  baseRef?: string;
  /** The pull request's author. */
  author?: string;
  /** The reviewer, on `pull_request_review` events. */
  reviewer?: string;
}

/** Writes a `pull_request` / `pull_request_review` webhook payload and returns its path. */
function writeEventPayload(options: PullRequestEventOptions = {}): string {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'ml-config';
  const pullRequest = {
    number: options.number ?? 7,
    state: 'open',
    title: 'a pull request',
    user: { login: options.author ?? 'alice' },
    head: {
      ref: options.headRef ?? 'feature',
      sha: options.headSha ?? 'f'.repeat(40),
      repo: { full_name: `${owner}/${repo}` },
    },
    base: {
      ref: options.baseRef ?? 'main',
      sha: options.baseSha ?? 'b'.repeat(40),
      repo: { full_name: `${owner}/${repo}` },
    },
  };
  const payload =
    options.event === 'pull_request_review'
      ? {
          action: 'submitted',
          review: { id: 1, user: { login: options.reviewer ?? 'carol' }, state: 'approved' },
          pull_request: pullRequest,
          repository: { full_name: `${owner}/${repo}` },
        }
      : {
          action: 'synchronize',
          number: pullRequest.number,
          pull_request: pullRequest,
          repository: { full_name: `${owner}/${repo}` },
        };
  const path = join(tempDir('slipway-event-'), 'event.json');
  writeFileSync(path, JSON.stringify(payload, null, 2));
  return path;
}

/** Environment variables of an Actions run against the test server. */
export function actionsEnv(
  server: GitHubTestServer,
  options: PullRequestEventOptions = {},
  token = TEST_TOKEN,
): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_TOKEN: token,
    GITHUB_REPOSITORY: `${options.owner ?? 'acme'}/${options.repo ?? 'ml-config'}`,
    GITHUB_EVENT_NAME: options.event ?? 'pull_request',
    GITHUB_EVENT_PATH: writeEventPayload(options),
    GITHUB_API_URL: server.url,
    SLIPWAY_GITHUB_RETRY_BASE_MS: '1',
    SLIPWAY_GITHUB_SPACE_WRITES: '0',
  };
}
