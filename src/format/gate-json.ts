import { changeSubject } from '../gate/changes.js';
import type { GateView } from './gate-view.js';

/** Version of the gate's JSON shape (docs/output.md, "gate --format json"). */
export const GATE_JSON_VERSION = 1;

/** The gate report as a stable JSON document (docs/output.md); the sentences are the view's. */
export function formatGateJson(report: GateView): string {
  const doc = {
    version: GATE_JSON_VERSION,
    verdict: report.verdict,
    headline: report.headline,
    base: report.base,
    head: report.head,
    evidence: report.evidence,
    policyNotice: report.policyNotice ?? null,
    changes: report.changes.map((c) => ({
      type: c.change.type,
      env: c.change.env ?? null,
      subject: changeSubject(c.change),
      summary: c.summary,
      from: c.from,
      to: c.to,
      verdict: c.verdict,
      checks: c.checks,
      file: c.location.file,
      line: c.location.line,
      detail: c.change,
    })),
    checks: report.checks,
    // The shape of validate's diagnostics: `related` only decided which copies the gate keeps.
    diagnostics: report.diagnostics.map(({ related: _related, ...d }) => d),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
