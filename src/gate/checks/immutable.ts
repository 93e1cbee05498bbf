import type { Change } from '../changes.js';
import { describeField } from '../diff.js';
import { fail, type CheckResult } from './types.js';

/** A released version (any status but `candidate`) never changes its artifact, digest, contract or metrics. */
export function checkImmutable(change: Extract<Change, { type: 'released-version-mutated' }>): CheckResult {
  const removed = change.fields.some((f) => f.after === undefined && f.path === `versions[${change.version}]`);
  const what = removed
    ? 'was removed from the registry'
    : `changed ${change.fields.map((f) => describeField({ ...f, path: f.path.replace(`versions[${change.version}].`, '') }, 24)).join('; ')}`;
  const fix = removed ? 'mark it deprecated or revoked instead' : 'publish a new version instead';
  return fail(
    'immutable',
    `${change.model} ${change.version} is ${change.status} (released) and ${what}; ${fix}`,
    'base and head model registries',
  );
}
