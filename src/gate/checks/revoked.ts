import type { Change } from '../changes.js';
import { fail, type CheckResult } from './types.js';

/**
 * A revoked version stays revoked: a Model change that makes a revoked version `approved`,
 * `candidate` or `deprecated` (which may still serve traffic) fails; one `revoked` check per
 * such version.
 */
export function checkRevoked(
  change: Extract<Change, { type: 'model-updated' }>,
): Array<Extract<CheckResult, { check: 'revoked' }>> {
  const results: Array<Extract<CheckResult, { check: 'revoked' }>> = [];
  for (const { version, from, to } of change.statuses) {
    if (from === 'revoked' && to !== 'revoked')
      results.push(fail('revoked', { model: change.model, version, to }, { kind: 'registries' }));
  }
  return results;
}
