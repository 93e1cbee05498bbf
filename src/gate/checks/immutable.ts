import type { Change } from '../changes.js';
import { fail, type CheckResult } from './types.js';

/** A released version (any status but `candidate`) never changes its artifact, digest, contract or metrics. */
export function checkImmutable(
  change: Extract<Change, { type: 'released-version-mutated' }>,
): Extract<CheckResult, { check: 'immutable' }> {
  const removed = change.fields.some((f) => f.after === undefined && f.path === `versions[${change.version}]`);
  return fail(
    'immutable',
    { model: change.model, version: change.version, status: change.status, removed, fields: change.fields },
    { kind: 'registries' },
  );
}
