import { fail, pass, type CheckContext, type CheckResult } from './types.js';

/** The base environment's `requires`: an error policy, with a fallback other than `none`. */
export function checkRequires(env: string, deployments: readonly string[], ctx: CheckContext): CheckResult {
  const requires = ctx.base.environments.get(env)?.environment?.resource.spec.requires;
  if (!requires?.errorPolicy && !requires?.fallback) return pass('requires', `${env} requires no error policy`);
  const headEnv = ctx.head.environments.get(env);
  const problems: string[] = [];
  const met: string[] = [];
  for (const name of deployments) {
    const spec = headEnv?.deployments.get(name)?.resource.spec;
    if (!spec) continue;
    if (!spec.errorPolicy) {
      problems.push(`${name} has no errorPolicy, and ${env} requires one`);
      continue;
    }
    const policy = headEnv?.errorPolicies.get(spec.errorPolicy);
    if (!policy) {
      problems.push(`${name}'s error policy ${spec.errorPolicy} does not exist in ${env}`);
      continue;
    }
    const fallback = policy.resource.spec.fallback?.type ?? 'none';
    if (requires.fallback && fallback === 'none')
      problems.push(`${name}'s error policy ${spec.errorPolicy} has no fallback, and ${env} requires one`);
    else met.push(`${name} → ${spec.errorPolicy}${requires.fallback ? ` (fallback ${fallback})` : ''}`);
  }
  if (problems.length > 0) return fail('requires', problems.join('; '), `requires of ${env}`);
  return pass('requires', met.length > 0 ? met.join(', ') : `no deployment of ${env} uses it`, `requires of ${env}`);
}
