import { fail, pass, type CheckContext, type CheckResult, type RequiresOutcome } from './types.js';

/** The base environment's `requires`: an error policy, with a fallback other than `none`. */
export function checkRequires(env: string, deployments: readonly string[], ctx: CheckContext): CheckResult {
  const requires = ctx.base.environments.get(env)?.environment?.resource.spec.requires;
  if (!requires?.errorPolicy && !requires?.fallback) return pass('requires', { code: 'not-required', env });
  const headEnv = ctx.head.environments.get(env);
  const outcomes: RequiresOutcome[] = [];
  for (const name of deployments) {
    const spec = headEnv?.deployments.get(name)?.resource.spec;
    if (!spec) continue;
    if (!spec.errorPolicy) {
      outcomes.push({ deployment: name, outcome: 'no-policy' });
      continue;
    }
    const policy = headEnv?.errorPolicies.get(spec.errorPolicy);
    if (!policy) {
      outcomes.push({ deployment: name, policy: spec.errorPolicy, outcome: 'unknown-policy' });
      continue;
    }
    const fallback = policy.resource.spec.fallback?.type ?? 'none';
    if (requires.fallback && fallback === 'none')
      outcomes.push({ deployment: name, policy: spec.errorPolicy, outcome: 'no-fallback' });
    else outcomes.push({ deployment: name, policy: spec.errorPolicy, outcome: 'met', fallback });
  }
  const detail = {
    code: 'checked',
    env,
    fallbackRequired: Boolean(requires.fallback),
    deployments: outcomes,
  } as const;
  const evidence = { kind: 'requires', env } as const;
  return outcomes.some((o) => o.outcome !== 'met')
    ? fail('requires', detail, evidence)
    : pass('requires', detail, evidence);
}
