import { z } from 'zod';
import type { ThrottlingOptions } from '@octokit/plugin-throttling';
import { gitHubError, redactor, type GitHubOperation } from './errors.js';
import type {
  CheckAnnotation,
  CheckRunInput,
  GitHubClient,
  PullRequestCommit,
  PullRequestInput,
  PullRequestRef,
  Review,
} from './types.js';

export const DEFAULT_API_URL = 'https://api.github.com';

/** GitHub accepts at most 50 annotations per check-run request. */
const ANNOTATION_BATCH = 50;
/** GitHub's limit for comment bodies and check-run summaries is 65,536 characters. */
const TEXT_LIMIT = 65_000;

export interface GitHubClientOptions {
  token: string;
  /** REST API root; `GITHUB_API_URL` in Actions (GitHub Enterprise: `https://HOST/api/v3`). */
  apiUrl?: string;
  /** How often a rate-limited or failed (5xx) request is retried before giving up. Default 2. */
  retries?: number;
  /** Milliseconds per second of GitHub's `retry-after`/reset wait; tests shrink it. Default 1000. */
  retryAfterBaseValue?: number;
  /** The longest rate-limit wait (seconds) worth sitting out in CI; longer ones fail fast. Default 60. */
  maxRateLimitWait?: number;
  /**
   * Space write requests one second apart, as GitHub recommends against secondary rate limits.
   * Default true; tests turn it off.
   */
  spaceWrites?: boolean;
  /** Where retry notices go (already redacted). Default: nowhere. */
  log?: (line: string) => void;
  /** The clock for `completed_at`. */
  now?: () => Date;
}

const ReviewItem = z.object({
  id: z.number(),
  user: z.object({ login: z.string() }).nullable().optional(),
  // An unknown future state must never count as an approval.
  state: z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']).catch('COMMENTED'),
  commit_id: z.string().nullable().optional(),
  submitted_at: z.string().optional(),
});
type ReviewItem = z.infer<typeof ReviewItem>;

function toReview(item: ReviewItem): Review {
  const review: Review = {
    id: item.id,
    user: item.user?.login ?? 'ghost',
    state: item.state,
    commitId: item.commit_id ?? '',
  };
  if (item.submitted_at !== undefined) review.submittedAt = item.submitted_at;
  return review;
}

// GitHub sends `null` (or an empty object) when the commit's email maps to no account.
const CommitUser = z
  .object({ login: z.string().min(1).optional() })
  .nullable()
  .optional();
const CommitItem = z.object({ sha: z.string(), author: CommitUser, committer: CommitUser });

function toCommit(item: z.infer<typeof CommitItem>): PullRequestCommit {
  const logins: string[] = [];
  for (const login of [item.author?.login, item.committer?.login])
    if (login !== undefined && !logins.some((l) => l.toLowerCase() === login.toLowerCase())) logins.push(login);
  return { sha: item.sha, logins };
}

function truncate(text: string): string {
  if (text.length <= TEXT_LIMIT) return text;
  return `${text.slice(0, TEXT_LIMIT)}\n\n… (truncated: the full report is in the job log)`;
}

function withMarker(marker: string, body: string): string {
  return truncate(body.includes(marker) ? body : `${marker}\n${body}`);
}

function toApiAnnotation(annotation: CheckAnnotation) {
  return {
    path: annotation.path,
    start_line: annotation.startLine,
    end_line: annotation.endLine,
    annotation_level: annotation.level,
    message: annotation.message,
    ...(annotation.title === undefined ? {} : { title: annotation.title }),
  };
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type WriteLimiter = NonNullable<Extract<ThrottlingOptions, { onRateLimit: unknown }>['write']>;

/**
 * A limiter that schedules immediately. The throttling plugin only calls `key(id).schedule(...)`
 * on its write/notification groups, so this stands in for a Bottleneck group when tests switch
 * write spacing off (otherwise every write waits a full second).
 */
function immediateLimiter(): WriteLimiter {
  const limiter = {
    schedule: (...args: unknown[]) => {
      const fn = args.find((arg): arg is (...rest: unknown[]) => unknown => typeof arg === 'function');
      const rest = args.slice(fn === undefined ? args.length : args.indexOf(fn) + 1);
      return Promise.resolve(fn?.(...rest));
    },
  };
  return { key: () => limiter } as unknown as WriteLimiter;
}

async function loadOctokit() {
  // Loaded on first use so commands that never talk to GitHub don't pay for Octokit.
  const [{ Octokit }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  return Octokit.plugin(retry, throttling);
}

/** Creates the Octokit-backed client (retries, throttling, errors as UserErrors, token redacted). */
export async function createGitHubClient(options: GitHubClientOptions): Promise<GitHubClient> {
  const SlipwayOctokit = await loadOctokit();
  const redact = redactor(options.token);
  const log = (line: string) => options.log?.(redact(line));
  const retries = options.retries ?? 2;
  const maxWait = options.maxRateLimitWait ?? 60;
  const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
  const now = options.now ?? (() => new Date());

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount >= retries || retryAfter > maxWait) return false;
      log(
        `GitHub ${kind} on ${request.method} ${request.url}; retrying in ${retryAfter}s (${retryCount + 1}/${retries})`,
      );
      return true;
    };

  const spacing = options.spaceWrites === false ? { write: immediateLimiter(), notifications: immediateLimiter() } : {};
  const octokit = new SlipwayOctokit({
    auth: options.token,
    baseUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: 'slipway',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log(message),
      // Failures are reported once, as the UserError the caller sees; no duplicate log line.
      error: () => undefined,
    },
    // 403 and 429 are the throttling plugin's to retry (it knows when the limit resets).
    retry: { retries, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      retryAfterBaseValue,
      ...spacing,
    },
  });

  const call = async <T>(operation: GitHubOperation, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw gitHubError(error, operation, redact);
    }
  };
  const slug = (repo: { owner: string; repo: string }) => `${repo.owner}/${repo.repo}`;

  return {
    async listReviews(pr: PullRequestRef): Promise<Review[]> {
      const items = await call(
        {
          action: `read the reviews of ${slug(pr)}#${pr.number}`,
          permission: 'pull-requests: read',
          target: `pull request ${slug(pr)}#${pr.number}`,
        },
        () =>
          octokit.paginate(octokit.rest.pulls.listReviews, {
            owner: pr.owner,
            repo: pr.repo,
            pull_number: pr.number,
            per_page: 100,
          }),
      );
      return items.map((item) => toReview(ReviewItem.parse(item)));
    },

    async listCommits(pr: PullRequestRef): Promise<PullRequestCommit[]> {
      const items = await call(
        {
          action: `read the commits of ${slug(pr)}#${pr.number}`,
          permission: 'pull-requests: read',
          target: `pull request ${slug(pr)}#${pr.number}`,
        },
        () =>
          octokit.paginate(octokit.rest.pulls.listCommits, {
            owner: pr.owner,
            repo: pr.repo,
            pull_number: pr.number,
            per_page: 100,
          }),
      );
      return items.map((item) => toCommit(CommitItem.parse(item)));
    },

    async upsertComment(pr: PullRequestRef, marker: string, body: string) {
      const text = withMarker(marker, body);
      const target = `pull request ${slug(pr)}#${pr.number}`;
      const existing = await call(
        { action: `read the comments of ${slug(pr)}#${pr.number}`, permission: 'pull-requests: read', target },
        async () => {
          const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
            owner: pr.owner,
            repo: pr.repo,
            issue_number: pr.number,
            per_page: 100,
          });
          for await (const page of pages) {
            const found = page.data.find((comment) => comment.body?.includes(marker) === true);
            if (found !== undefined) return found.id;
          }
          return undefined;
        },
      );
      const write = { action: `comment on ${slug(pr)}#${pr.number}`, permission: 'pull-requests: write', target };
      if (existing !== undefined) {
        await call(write, () =>
          octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: existing, body: text }),
        );
        return { id: existing, created: false };
      }
      const { data } = await call(write, () =>
        octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body: text }),
      );
      return { id: data.id, created: true };
    },

    async createCheckRun(repo: { owner: string; repo: string }, input: CheckRunInput) {
      const operation = {
        action: `create the check run ${input.name} on ${slug(repo)}`,
        permission: 'checks: write',
        target: `repository ${slug(repo)} or commit ${input.headSha}`,
      };
      const [first = [], ...rest] = batches(input.annotations.map(toApiAnnotation), ANNOTATION_BATCH);
      const output = { title: truncate(input.title), summary: truncate(input.summary) };
      const { data } = await call(operation, () =>
        octokit.rest.checks.create({
          owner: repo.owner,
          repo: repo.repo,
          name: input.name,
          head_sha: input.headSha,
          status: 'completed',
          conclusion: input.conclusion,
          completed_at: now().toISOString(),
          ...(input.detailsUrl === undefined ? {} : { details_url: input.detailsUrl }),
          output: { ...output, annotations: first },
        }),
      );
      for (const batch of rest) {
        // Annotations are appended by each update; title and summary are required alongside.
        await call(operation, () =>
          octokit.rest.checks.update({
            owner: repo.owner,
            repo: repo.repo,
            check_run_id: data.id,
            output: { ...output, annotations: batch },
          }),
        );
      }
      return { id: data.id };
    },

    async upsertPullRequest(repo: { owner: string; repo: string }, input: PullRequestInput) {
      const target = `repository ${slug(repo)}`;
      const read = {
        action: `look for an open pull request from ${input.head} on ${slug(repo)}`,
        permission: 'pull-requests: read',
        target,
      };
      const write = {
        action: `open or update the pull request from ${input.head} on ${slug(repo)}`,
        permission: 'pull-requests: write',
        target,
      };
      const { data: open } = await call(read, () =>
        octokit.rest.pulls.list({
          owner: repo.owner,
          repo: repo.repo,
          head: `${repo.owner}:${input.head}`,
          state: 'open',
          per_page: 100,
        }),
      );
      const body = truncate(input.body);
      const current = open[0];
      const pr =
        current === undefined
          ? {
              ...(
                await call(write, () =>
                  octokit.rest.pulls.create({
                    owner: repo.owner,
                    repo: repo.repo,
                    head: input.head,
                    base: input.base,
                    title: input.title,
                    body,
                  }),
                )
              ).data,
              created: true,
            }
          : {
              ...(
                await call(write, () =>
                  octokit.rest.pulls.update({
                    owner: repo.owner,
                    repo: repo.repo,
                    pull_number: current.number,
                    title: input.title,
                    body,
                  }),
                )
              ).data,
              created: false,
            };
      if (input.labels.length > 0) {
        await call(
          {
            action: `label pull request ${slug(repo)}#${pr.number}`,
            permission: 'pull-requests: write',
            target: `pull request ${slug(repo)}#${pr.number}`,
          },
          () =>
            octokit.rest.issues.addLabels({
              owner: repo.owner,
              repo: repo.repo,
              issue_number: pr.number,
              labels: input.labels,
            }),
        );
      }
      return { number: pr.number, url: pr.html_url, created: pr.created };
    },
  };
}
