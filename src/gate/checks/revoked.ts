import type { Change } from '../changes.js';
import { fail, type CheckContext, type CheckResult } from './types.js';

/**
 * A revoked version stays revoked: a Model change that makes a revoked version `approved` or
 * `candidate` again fails; one `revoked` check per such version.
 */
export function checkRevoked(
  change: Extract<Change, { type: 'model-updated' }>,
  ctx: CheckContext,
): Array<Extract<CheckResult, { check: 'revoked' }>> {
  const before = ctx.base.models.get(change.model)?.resource.spec.versions ?? [];
  const after = new Map((ctx.head.models.get(change.model)?.resource.spec.versions ?? []).map((v) => [v.version, v]));
  const results: Array<Extract<CheckResult, { check: 'revoked' }>> = [];
  for (const b of before) {
    const to = after.get(b.version)?.status;
    if (b.status === 'revoked' && (to === 'approved' || to === 'candidate'))
      results.push(fail('revoked', { model: change.model, version: b.version, to }, { kind: 'registries' }));
  }
  return results;
}
