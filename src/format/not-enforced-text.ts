import type { NotEnforced, NotEnforcedReason } from '../render/types.js';
import { inline } from './escape.js';

/** Why a declared field has no rendered counterpart, in words (docs/kubernetes.md, "What is not enforced"). */
const REASON: Record<NotEnforcedReason, string> = {
  'no-counterpart': 'nothing in KServe, Istio or Kubernetes expresses it',
  approximated: 'approximated: Istio counts consecutive errors, not an error rate',
  'data-check': 'a data check, which the cluster does not run',
  'secret-provider': 'the secret is not a Kubernetes Secret: the job gets no value for it',
  'not-a-workload': 'a user or team has no mesh identity to allow',
  'wildcard-subject': 'a wildcard subject: mesh principals are listed one by one',
  'data-access': 'reading data or predictions is enforced by the store that holds them',
  'batch-mode': 'meaningless for a CronJob',
  'split-by-job': 'the job is handed the split (SLIPWAY_TRAFFIC) and must honour it',
};

/**
 * What a kubernetes target does not enforce, grouped by deployment, then by document and reason:
 *
 *     Not enforced by the kubernetes target of prod (48 fields, docs/kubernetes.md):
 *       fraud-detector
 *         ErrorPolicy/strict spec.alerts, spec.fallback: nothing in KServe, Istio or Kubernetes expresses it
 *
 * Empty when everything declared is enforced.
 */
export function formatNotEnforcedText(env: string, entries: readonly NotEnforced[]): string {
  if (entries.length === 0) return '';
  const groups = new Map<string, Map<string, string[]>>();
  for (const e of entries) {
    const byDoc = groups.get(e.deployment ?? '') ?? new Map<string, string[]>();
    groups.set(e.deployment ?? '', byDoc);
    // Escaped before keying: a NUL in a name cannot split the key.
    const key = `${inline(`${e.kind}/${e.name}`)}\u0000${e.reason}`;
    byDoc.set(key, [...(byDoc.get(key) ?? []), inline(e.field)]);
  }
  const lines = [
    `Not enforced by the kubernetes target of ${inline(env)} (${entries.length} field${entries.length === 1 ? '' : 's'}, docs/kubernetes.md):`,
  ];
  for (const [deployment, byDoc] of groups) {
    lines.push(`  ${deployment === '' ? '(the environment)' : inline(deployment)}`);
    for (const [key, fields] of byDoc) {
      const [doc, reason] = key.split('\u0000') as [string, NotEnforcedReason];
      lines.push(`    ${doc} ${fields.join(', ')}: ${REASON[reason]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
