import { parseDuration } from '../../world/duration.js';
import type { Rule } from './context.js';

/**
 * Error management: environments that require error policies and fallbacks get them, and each
 * error policy is internally coherent (static fallbacks have a value, backoff and breaker make sense).
 */
export const errorPolicyRules: Rule = ({ config, report }) => {
  for (const env of config.environments.values()) {
    const requires = env.environment?.resource.spec.requires;
    const envFile = env.environment?.file ?? `environments/${env.name}/environment.yaml`;
    if (requires?.errorPolicy || requires?.fallback) {
      const lacking = new Map<string, string[]>();
      for (const dep of env.deployments.values()) {
        const name = dep.resource.spec.errorPolicy;
        if (name === undefined) {
          report(dep, {
            code: 'missing-error-policy',
            message: `deployment \`${dep.name}\` names no error policy, but environment \`${env.name}\` requires one${requires.fallback && !requires.errorPolicy ? ' (it requires a fallback)' : ''} (${envFile})`,
            hint: `add \`errorPolicy: <name>\` under spec, naming an ErrorPolicy in environments/${env.name}/`,
            path: ['spec'],
          });
          continue;
        }
        if (!requires.fallback) continue;
        const policy = env.errorPolicies.get(name);
        if (!policy) continue;
        const type = policy.resource.spec.fallback?.type;
        if (type === undefined || type === 'none') {
          let deps = lacking.get(name);
          if (!deps) lacking.set(name, (deps = []));
          deps.push(dep.name);
        }
      }
      for (const [name, deps] of lacking) {
        const policy = env.errorPolicies.get(name)!;
        const type = policy.resource.spec.fallback?.type;
        report(policy, {
          code: 'missing-fallback',
          message: `error policy \`${name}\` has ${type === 'none' ? '`fallback: {type: none}`' : 'no fallback'}, but environment \`${env.name}\` requires a fallback for ${deps.length === 1 ? `deployment \`${deps[0]!}\`` : `${deps.length} deployments`}`,
          hint: 'set `fallback: {type: previousVersion}`, or `{type: static, value: ...}`',
          path: type === undefined ? ['spec'] : ['spec', 'fallback', 'type'],
        });
      }
    }

    for (const policy of env.errorPolicies.values()) {
      const spec = policy.resource.spec;
      if (spec.fallback?.type === 'static' && spec.fallback.value === undefined) {
        report(policy, {
          code: 'static-fallback-needs-value',
          message: 'a static fallback has no `value` to answer with',
          hint: 'add `value:` with the answer to return, e.g. `{score: 0.5}`',
          path: ['spec', 'fallback', 'type'],
        });
      }
      const backoff = spec.retry?.backoff;
      if (backoff?.max !== undefined) {
        const initial = parseDuration(backoff.initial);
        const max = parseDuration(backoff.max);
        if (initial !== undefined && max !== undefined && initial > max) {
          report(policy, {
            code: 'invalid-backoff',
            message: `retry backoff starts at ${backoff.initial}, above its maximum ${backoff.max}`,
            hint: `lower \`initial\` to at most ${backoff.max}, or raise \`max\``,
            path: ['spec', 'retry', 'backoff', 'initial'],
          });
        }
      }
      const breaker = spec.circuitBreaker;
      if (breaker) {
        const problems: { field: 'errorRate' | 'window' | 'cooldown'; what: string; fix: string }[] = [];
        if (breaker.errorRate === 0)
          problems.push({
            field: 'errorRate',
            what: 'an errorRate of 0 opens the circuit on the first error',
            fix: 'use a rate above 0, e.g. 0.05',
          });
        if (breaker.errorRate === 1)
          problems.push({
            field: 'errorRate',
            what: 'an errorRate of 1 never opens the circuit while any request succeeds',
            fix: 'use a rate below 1, e.g. 0.05',
          });
        if (parseDuration(breaker.window) === 0)
          problems.push({
            field: 'window',
            what: `a window of ${breaker.window} measures no requests`,
            fix: 'use a window such as 1m',
          });
        if (parseDuration(breaker.cooldown) === 0)
          problems.push({
            field: 'cooldown',
            what: `a cooldown of ${breaker.cooldown} closes the circuit at once`,
            fix: 'use a cooldown such as 30s',
          });
        for (const p of problems) {
          report(policy, {
            code: 'invalid-circuit-breaker',
            message: `circuit breaker: ${p.what}`,
            hint: p.fix,
            path: ['spec', 'circuitBreaker', p.field],
          });
        }
      }
    }
  }
};
