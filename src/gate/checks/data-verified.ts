import { parseDuration } from '../../world/duration.js';
import { fail, pass, type CheckContext, type CheckResult, type DataVerifiedOutcome } from './types.js';

/**
 * `data-verified`: where the base environment sets `promotion.dataVerified`, every input of the
 * promoted deployment needs a passing `data verify` run recorded in that environment within the
 * duration. When the state store does not exist there is no record to read: it fails, saying so.
 */
export function checkDataVerified(env: string, deployment: string, ctx: CheckContext): CheckResult | undefined {
  const maxAge = ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.dataVerified;
  const maxAgeMs = parseDuration(maxAge);
  if (maxAge === undefined || maxAgeMs === undefined) return undefined;
  const inputs = ctx.head.environments.get(env)?.deployments.get(deployment)?.resource.spec.inputs ?? [];
  if (inputs.length === 0) return pass('data-verified', { code: 'no-inputs', env, deployment });
  const evidence = ctx.verifications;
  if (!evidence) {
    const store = ctx.soak.source.kind === 'git-history' ? ctx.soak.source.fallback.store : ctx.soak.source.store;
    return fail('data-verified', { code: 'no-store', env, deployment, sources: inputs, maxAge, store });
  }
  const passing = evidence.passing.get(env);
  const sources = inputs.map((source): DataVerifiedOutcome => {
    const at = passing?.get(source);
    if (at === undefined) return { source, outcome: 'never' };
    const ageMs = Math.max(0, ctx.now.getTime() - Date.parse(at));
    return { source, outcome: ageMs <= maxAgeMs ? 'verified' : 'stale', at, ageMs };
  });
  const detail = { code: 'checked', env, deployment, maxAge, sources } as const;
  const store = { kind: 'state-store', store: evidence.store } as const;
  return sources.every((s) => s.outcome === 'verified')
    ? pass('data-verified', detail, store)
    : fail('data-verified', detail, store);
}
