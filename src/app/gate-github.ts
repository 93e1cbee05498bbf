import type { ReviewEvidence } from '../gate/checks/approvals.js';
import type { GateReport } from '../gate/evaluate.js';
import type { CheckAnnotation, CheckRunInput, GitHubClient, PullRequestContext } from '../github/types.js';

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

const CONCLUSION = { pass: 'success', pending: 'action_required', fail: 'failure' } as const;

/** `detailsUrl`: the Actions run, linked from the check run (GitHub asks for one with `action_required`). */
function gateGitHub(client: GitHubClient, pr: PullRequestContext, detailsUrl?: string): GateGitHub {
  return {
    async reviews() {
      return { author: pr.author, headSha: pr.headSha, reviews: await client.listReviews(pr) };
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
