import { formatGateMarkdown } from '../format/gate-markdown.js';
import { runGate, type GateRun } from './run.js';

export { runGate, type GateRun, type GateOutcome } from './run.js';
export type { GateReport, ChangeReport } from './evaluate.js';

/**
 * The gate's markdown report of `head` against `base`, e.g. the body `slipway promote` writes
 * for its pull request; without reviews, approval checks show as pending.
 */
export async function gateMarkdown(run: GateRun): Promise<{ markdown: string; verdict: 'pass' | 'fail' | 'pending' }> {
  const { report } = await runGate(run);
  return { markdown: formatGateMarkdown(report), verdict: report.verdict };
}
