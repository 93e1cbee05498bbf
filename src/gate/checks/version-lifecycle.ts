import type { Change } from '../changes.js';
import { fail, type CheckResult } from './types.js';

/**
 * A version is released by its owners' approval of a candidate: one added as `approved` or
 * `deprecated` (both may serve traffic) never was a candidate, so nobody approved what it is.
 * Added as `candidate` or `revoked`, it needs nothing.
 */
export function checkVersionLifecycle(
  change: Extract<Change, { type: 'model-version-added' }>,
): Extract<CheckResult, { check: 'version-lifecycle' }> | undefined {
  const { model, version, status } = change;
  if (status !== 'approved' && status !== 'deprecated') return undefined;
  return fail('version-lifecycle', { model, version, status }, { kind: 'registries' });
}
