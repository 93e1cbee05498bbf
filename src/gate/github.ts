import { formatGateMarkdown } from '../format/gate-markdown.js';
import type { CheckAnnotation, CheckRunInput, GitHubClient, PullRequestContext } from '../github/types.js';
import type { CliIO } from '../cli/io.js';
import type { ReviewEvidence } from './checks/approvals.js';
import type { GateReport } from './evaluate.js';

/** Identifies the gate's one PR comment, so that re-runs edit it in place. */
export const GATE_COMMENT_MARKER = '<!-- slipway:gate -->';
export const GATE_CHECK_NAME = 'slipway/gate';
/** GitHub truncates check run summaries at 65535 characters. */
const MAX_SUMMARY = 65_000;

/** The gate's side of GitHub: reviews in, comment and check run out. */
export interface GateGitHub {
  reviews(): Promise<ReviewEvidence>;
  publish(report: GateReport): Promise<void>;
}

/** `detailsUrl`: the Actions run, linked from the check run (GitHub asks for one with `action_required`). */
export function gateGitHub(client: GitHubClient, pr: PullRequestContext, detailsUrl?: string): GateGitHub {
  return {
    async reviews() {
      return { author: pr.author, headSha: pr.headSha, reviews: await client.listReviews(pr) };
    },
    async publish(report) {
      const markdown = formatGateMarkdown(report);
      await client.upsertComment(pr, GATE_COMMENT_MARKER, markdown);
      const run = checkRunFor(report, pr.headSha, markdown);
      if (detailsUrl) run.detailsUrl = detailsUrl;
      await client.createCheckRun({ owner: pr.owner, repo: pr.repo }, run);
    },
  };
}

/** The `slipway/gate` check run: conclusion from the verdict, annotations on the offending lines. */
export function checkRunFor(report: GateReport, headSha: string, markdown = formatGateMarkdown(report)): CheckRunInput {
  const annotations: CheckAnnotation[] = report.diagnostics.map((d) => ({
    path: d.file,
    startLine: d.line,
    endLine: Math.max(d.line, d.endLine ?? d.line),
    level: d.severity === 'error' ? 'failure' : 'warning',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    title: d.code,
  }));
  // Failed checks of a change point at the line of the changed document.
  for (const c of report.changes) {
    for (const r of c.checks) {
      if (r.verdict !== 'fail' || r.check === 'immutable') continue;
      annotations.push({
        path: c.location.file,
        startLine: c.location.line,
        endLine: c.location.line,
        level: 'failure',
        message: r.reason,
        title: `${r.check}: ${c.summary}`,
      });
    }
  }
  const summary =
    markdown.length > MAX_SUMMARY
      ? `${markdown.slice(0, MAX_SUMMARY)}\n\n… (truncated; see the pull request comment)`
      : markdown;
  return {
    name: GATE_CHECK_NAME,
    headSha,
    conclusion: report.verdict === 'pass' ? 'success' : report.verdict === 'pending' ? 'action_required' : 'failure',
    title: report.headline,
    summary,
    annotations,
  };
}

/**
 * The pull request and client of a GitHub Actions run (GITHUB_TOKEN, GITHUB_EVENT_PATH, ...). The
 * client comes from src/github/connect.ts, like `promote --pr`'s, so the same environment knobs
 * (retry waits, write spacing) apply.
 */
export async function connectGateGitHub(io: CliIO): Promise<GateGitHub> {
  const { readActionsContext } = await import('../github/context.js');
  const { connectGitHub } = await import('../github/connect.js');
  const context = await readActionsContext(io.env);
  const client = await connectGitHub(context, io.env, { log: (line) => io.stderr.write(`${line}\n`), now: io.now });
  return gateGitHub(client, context.pullRequest, context.runUrl);
}
