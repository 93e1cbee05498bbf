import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../model/errors.js';
import { redactor, type Redact } from './errors.js';
import { DEFAULT_API_URL } from './octokit.js';
import type { PullRequestContext } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The events `slipway gate --github` understands; both carry the pull request in `pull_request`. */
const SUPPORTED_EVENTS = ['pull_request', 'pull_request_review'] as const;
type SupportedEvent = (typeof SUPPORTED_EVENTS)[number];

/** Token, API root and repository: enough to call GitHub (promote, rollback). */
export interface GitHubRepositoryContext {
  token: string;
  /** REST API root without a trailing slash. */
  apiUrl: string;
  owner: string;
  repo: string;
}

/** Everything `gate --github` needs from a GitHub Actions run. */
export interface GitHubActionsContext extends GitHubRepositoryContext {
  event: SupportedEvent;
  pullRequest: PullRequestContext;
  /** The Actions run's page (`GITHUB_SERVER_URL/owner/repo/actions/runs/GITHUB_RUN_ID`), when known: a check run's details link. */
  runUrl?: string;
}

const Branch = z.object({ ref: z.string().min(1), sha: z.string().min(1) });

/** The slice of a `pull_request` / `pull_request_review` webhook payload Slipway reads. */
const PullRequestEvent = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    head: Branch,
    base: Branch,
    user: z.object({ login: z.string().min(1) }),
  }),
  /** Present on `pull_request_review` events. */
  review: z.object({ id: z.number() }).optional(),
});
type PullRequestEvent = z.infer<typeof PullRequestEvent>;

const WORKFLOW_HINT = 'in the workflow step: `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`';

function required(env: Env, name: string, hint: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new UserError(`${name} is not set; --github needs it`, { hint });
  }
  return value.trim();
}

/** `owner/repo` as in `GITHUB_REPOSITORY`. */
function parseRepositorySlug(
  slug: string,
  source = 'GITHUB_REPOSITORY',
  redact: Redact = (text) => text,
): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/.exec(slug.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new UserError(redact(`${source} must look like owner/repo, got "${slug}"`), {
      hint: 'GitHub Actions sets GITHUB_REPOSITORY itself; locally, set it to owner/repo',
    });
  }
  return { owner: match[1], repo: match[2] };
}

/**
 * `owner/repo` from a GitHub remote URL (`git@github.com:o/r.git`, `https://github.com/o/r`,
 * `ssh://git@ghe.example.com/o/r.git`), or undefined when the URL is not shaped like one.
 */
export function repositoryFromRemote(url: string): { owner: string; repo: string } | undefined {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+[:/](?:\d+\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  return { owner: match[1], repo: match[2] };
}

/** Reads `GITHUB_TOKEN` (or `GH_TOKEN`), `GITHUB_REPOSITORY` and `GITHUB_API_URL`. */
export function readRepositoryContext(env: Env, repository?: { owner: string; repo: string }): GitHubRepositoryContext {
  const token = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim() || '';
  if (token === '')
    throw new UserError('GITHUB_TOKEN is not set; talking to GitHub needs a token', { hint: WORKFLOW_HINT });
  const slug =
    repository ??
    parseRepositorySlug(
      required(env, 'GITHUB_REPOSITORY', 'set GITHUB_REPOSITORY=owner/repo (GitHub Actions sets it)'),
      'GITHUB_REPOSITORY',
      redactor(token),
    );
  const apiUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) {
    throw new UserError(`GITHUB_API_URL must be an http(s) URL, got "${apiUrl}"`, {
      hint: 'GitHub Enterprise: https://HOST/api/v3; or unset it for github.com',
    });
  }
  return { token, apiUrl, ...slug };
}

async function readEvent(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read GITHUB_EVENT_PATH ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        hint: 'GitHub Actions sets GITHUB_EVENT_PATH to the event payload; run the gate inside a workflow',
        cause: error,
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`GITHUB_EVENT_PATH ${path} is not valid JSON`, {
      hint: 'it must be the webhook payload GitHub Actions wrote',
      cause: error,
    });
  }
}

/**
 * Reads a GitHub Actions run of a `pull_request` or `pull_request_review` event into the pull
 * request under review. Every missing variable or unsupported event is a UserError naming it.
 */
export async function readActionsContext(env: Env): Promise<GitHubActionsContext> {
  const repository = readRepositoryContext(env);
  const eventName = env.GITHUB_EVENT_NAME?.trim() || undefined;
  if (eventName !== undefined && !(SUPPORTED_EVENTS as readonly string[]).includes(eventName)) {
    throw new UserError(`slipway gate --github does not support the "${eventName}" event`, {
      hint: `run it on: ${SUPPORTED_EVENTS.join(' or ')} (pull_request_target is refused on purpose: it runs with secrets on untrusted code)`,
    });
  }
  const path = required(
    env,
    'GITHUB_EVENT_PATH',
    'GitHub Actions sets it; run the gate inside a pull_request or pull_request_review workflow',
  );
  const payload = PullRequestEvent.safeParse(await readEvent(path));
  if (!payload.success) {
    const issue = payload.error.issues[0];
    const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'payload'}: ${issue.message})`;
    throw new UserError(`the event payload in ${path} is not a pull request event${where}`, {
      hint: `slipway gate --github runs on ${SUPPORTED_EVENTS.join(' or ')} events`,
    });
  }
  const pr = payload.data.pull_request;
  const server = env.GITHUB_SERVER_URL?.trim().replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID?.trim();
  const runUrl =
    server && runId && /^https?:\/\//.test(server) && /^\d+$/.test(runId)
      ? `${server}/${repository.owner}/${repository.repo}/actions/runs/${runId}`
      : undefined;
  return {
    ...(runUrl === undefined ? {} : { runUrl }),
    ...repository,
    event:
      eventName === 'pull_request_review' || (eventName === undefined && payload.data.review !== undefined)
        ? 'pull_request_review'
        : 'pull_request',
    pullRequest: {
      owner: repository.owner,
      repo: repository.repo,
      number: pr.number,
      headSha: pr.head.sha,
      headRef: pr.head.ref,
      baseRef: pr.base.ref,
      baseSha: pr.base.sha,
      author: pr.user.login,
    },
  };
}
