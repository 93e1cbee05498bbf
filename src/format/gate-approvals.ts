import type {
  ApprovalDetail,
  ApprovalNeed,
  ApproveDenial,
  IgnoredApproval,
  VersionLifecycleDetail,
  VersionRelease,
} from '../gate/checks/types.js';
import { plural, pluralNoun } from './style.js';

/** The sentence of an `approvals`, `policy-approvals` or `version-approvals` check. */
export function approvalReason(d: ApprovalDetail): string {
  if (d.code === 'none-required') return `${d.envs.join(', ')} requires no approvals`;
  const what = neededApprovals(d.need);
  if (d.code === 'reviews-unknown')
    return `needs ${what}; reviews unknown without GitHub (run with --github in a pull request)`;
  const has = d.counted.length > 0 ? `${d.counted.length}: ${d.counted.join(', ')}` : 'none';
  const not = d.ignored.length > 0 ? `; not counted: ${d.ignored.map((i) => ignoredText(i, d.need)).join(', ')}` : '';
  return `needs ${what}; has ${has}${not}`;
}

/** `version-lifecycle`: what is wrong, and the two steps that make it right. */
export function versionLifecycleReason(d: VersionLifecycleDetail): string {
  return `${d.model} ${d.version} is added as ${d.status} without having been a candidate; add it as a candidate first, then set status: ${d.status} in a later pull request, which its owners approve`;
}

function neededApprovals(need: ApprovalNeed): string {
  const from = (subjects: readonly string[]): string => (subjects.length > 0 ? ` from ${subjects.join(', ')}` : '');
  switch (need.for) {
    case 'policy': {
      const who =
        need.approvers.length > 0
          ? ` from ${need.approvers.join(', ')}`
          : ' (no governance.policyApprovers: any reviewer)';
      return `1 approval${who} for the policy ${pluralNoun(need.changes, 'change')}`;
    }
    case 'deployment': {
      const rollback = need.rollbackOnly ? ' (a rollback)' : '';
      const scoped = need.scoped ? `, each allowed approve on deployment:${need.deployment} in ${need.env}` : '';
      return `${plural(need.required, 'approval')}${from(need.from)} for ${need.env}/${need.deployment}${rollback}${scoped}`;
    }
    case 'environment':
      return `${plural(need.required, 'approval')}${from(need.from)} for ${need.env} (${need.subjects.join(', ')})`;
    case 'versions': {
      const owners =
        need.owners.length > 0
          ? `an owner (${need.owners.join(', ')})`
          : `an owner (${need.model} has none in the base revision)`;
      const allowed = need.envs.length > 0 ? ` allowed approve on model:${need.model} in ${need.envs.join(', ')}` : '';
      return `1 approval to release ${need.model} ${need.versions.map(releaseText).join(', ')}, from ${owners}${allowed}`;
    }
  }
}

function releaseText(r: VersionRelease): string {
  return r.from === null ? `${r.version} (added as ${r.to})` : `${r.version} (candidate → ${r.to})`;
}

function ignoredText(i: IgnoredApproval, need: ApprovalNeed): string {
  switch (i.why) {
    case 'author':
      return `${i.login} (author)`;
    case 'committer':
      return `${i.login} (author or committer of a commit)`;
    case 'stale':
      return `${i.login} (stale: approved ${i.commit.slice(0, 7)})`;
    case 'not-eligible':
      return `${i.login} (${notEligibleText(need)})`;
    case 'not-allowed':
      return `${i.login} (may not approve ${i.resource} in ${i.env}: ${denialText(i.denial)})`;
  }
}

function notEligibleText(need: ApprovalNeed): string {
  switch (need.for) {
    case 'policy':
      return `not in ${need.approvers.join(', ')}`;
    case 'deployment':
    case 'environment':
      return `not in ${need.from.join(', ')}`;
    case 'versions':
      return `not an owner of ${need.model}`;
  }
}

function denialText(d: ApproveDenial): string {
  return d.effect === 'deny'
    ? `denied by AccessPolicy ${d.policy} (${d.file}, rule ${d.rule})`
    : 'no AccessPolicy rule allows it';
}
