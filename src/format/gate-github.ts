import type { GatePost } from '../app/gate-github.js';
import type { GateReport } from '../gate/evaluate.js';
import type { CheckAnnotation } from '../github/types.js';
import { formatGateMarkdown } from './gate-markdown.js';
import { describeGate } from './gate-view.js';

/** GitHub truncates check run summaries at 65535 characters. */
const MAX_SUMMARY = 65_000;

/**
 * The gate report as the pull request shows it: the markdown comment, and the `slipway/gate`
 * check run's title, summary and annotations (diagnostics, and failed checks on the changed lines).
 */
export function formatGatePost(report: GateReport): GatePost {
  const view = describeGate(report);
  const markdown = formatGateMarkdown(view);
  const annotations: CheckAnnotation[] = view.diagnostics.map((d) => ({
    path: d.file,
    startLine: d.line,
    endLine: Math.max(d.line, d.endLine ?? d.line),
    level: d.severity === 'error' ? 'failure' : 'warning',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    title: d.code,
  }));
  // Failed checks of a change point at the line of the changed document.
  for (const c of view.changes) {
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
  return { comment: markdown, checkRun: { title: view.headline, summary, annotations } };
}
