import type { ReviewEvidence } from '../gate/checks/approvals.js';
import type { GateReport } from '../gate/evaluate.js';
import type {
  CheckAnnotation,
  CheckRunInput,
  GitHubClient,
  PullRequestCommit,
  PullRequestContext,
} from '../github/types.js';
import { UserError } from '../model/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Identifies the gate's one PR comment, so that re-runs edit it in place. */
export const GATE_COMMENT_MARKER = '<!-- slipway:gate -->';
export const GATE_CHECK_NAME = 'slipway/gate';

/** The report as GitHub shows it, rendered by src/format/gate-github.ts. */
export interface GatePost {
  /** The pull request comment, in markdown. */
  comment: string;
  /** The `slipway/gate` check run's title, summary, and annotations on the offending lines. */
  checkRun: { title: string; summary: string; annotations: CheckAnnotation[] };
}

/** The gate's side of GitHub: reviews in, comment and check run out. */
export interface GateGitHub {
  reviews(): Promise<ReviewEvidence>;
  publish(report: GateReport, post: GatePost): Promise<void>;
}

/** GitHub lists at most this many commits of a pull request. */
const GITHUB_COMMIT_LIMIT = 250;

const CONCLUSION = { pass: 'success', pending: 'action_required', fail: 'failure' } as const;

/** `detailsUrl`: the Actions run, linked from the check run (GitHub asks for one with `action_required`). */
function gateGitHub(client: GitHubClient, pr: PullRequestContext, detailsUrl?: string): GateGitHub {
  return {
    async reviews() {
      const [reviews, commits] = await Promise.all([client.listReviews(pr), client.listCommits(pr)]);
      return { author: pr.author, commitLogins: commitLogins(pr, commits), headSha: pr.headSha, reviews };
    },
    async publish(report, post) {
      await client.upsertComment(pr, GATE_COMMENT_MARKER, post.comment);
      const run: CheckRunInput = {
        name: GATE_CHECK_NAME,
        headSha: pr.headSha,
        conclusion: CONCLUSION[report.verdict],
        ...post.checkRun,
      };
      if (detailsUrl) run.detailsUrl = detailsUrl;
      await client.createCheckRun({ owner: pr.owner, repo: pr.repo }, run);
    },
  };
}

/**
 * Everyone who authored or committed a commit of the pull request. The list must reach the
 * reviewed head: when it does not (more commits than GitHub lists, or a force-push since the run
 * started), who wrote the change cannot be told, and no approval may be counted.
 */
function commitLogins(pr: PullRequestContext, commits: readonly PullRequestCommit[]): string[] {
  if (!commits.some((c) => c.sha.toLowerCase() === pr.headSha.toLowerCase()))
    throw new UserError(
      `GitHub's list of the commits of ${pr.owner}/${pr.repo}#${pr.number} does not reach the reviewed head ${pr.headSha.slice(0, 7)}: who wrote the change cannot be told, so no approval can be counted`,
      {
        kind: 'refused',
        hint:
          commits.length >= GITHUB_COMMIT_LIMIT
            ? `GitHub lists at most ${GITHUB_COMMIT_LIMIT} commits of a pull request: squash or split it`
            : 'the pull request was force-pushed since this run started; the run for its new head decides',
      },
    );
  const logins = new Map<string, string>();
  for (const c of commits) for (const login of c.logins) logins.set(login.toLowerCase(), login);
  return [...logins.values()];
}

/** What connecting needs besides the environment: where the client's notices go, and the clock. */
export interface GitHubHooks {
  log(line: string): void;
  now(): Date;
}

/**
 * The pull request and client of a GitHub Actions run (GITHUB_TOKEN, GITHUB_EVENT_PATH, ...). The
 * client comes from src/github/connect.ts, like `promote --pr`'s, so the same environment knobs
 * (retry waits, write spacing) apply.
 */
export async function connectGateGitHub(env: Env, hooks: GitHubHooks): Promise<GateGitHub> {
  const { readActionsContext } = await import('../github/context.js');
  const { connectGitHub } = await import('../github/connect.js');
  const context = await readActionsContext(env);
  const client = await connectGitHub(context, env, { log: hooks.log, now: hooks.now });
  return gateGitHub(client, context.pullRequest, context.runUrl);
}
