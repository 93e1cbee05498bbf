import type { StatusReport } from '../status/status.js';
import { DRIFT_TEXT, describeSource } from './plan-text.js';
import { plural } from './style.js';

/** Per environment: the last apply, each deployment's live traffic, drift and any lock. */
export function formatStatusText(report: StatusReport): string {
  const lines: string[] = [];
  for (const e of report.environments) {
    if (!e.lastApply) {
      lines.push(`${e.env}: never applied`, '');
      continue;
    }
    lines.push(
      `${e.env}: last apply ${describeSource(e.lastApply)} at ${e.lastApply.at} by ${e.lastApply.actor}, ${plural(e.resources, 'resource')}`,
    );
    const width = Math.max(0, ...e.deployments.map((d) => d.name.length));
    for (const d of e.deployments)
      lines.push(`  ${d.name.padEnd(width)}  ${d.traffic.map((t) => `${t.version} ${t.percent}%`).join(', ')}`);
    if (e.drift.length === 0) lines.push('  drift: none');
    else for (const d of e.drift) lines.push(`  drift: ${d.kind}/${d.name} ${DRIFT_TEXT[d.drift]}`);
    if (e.lock)
      lines.push(`  locked by ${e.lock.owner} on ${e.lock.host} (pid ${e.lock.pid}) until ${e.lock.expiresAt}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** `status` when the repository's own store does not exist yet. */
export function formatNothingApplied(store: string): string {
  return `Nothing has been applied yet: there is no state store at ${store} (\`slipway apply\` creates it).\n`;
}
