import compareVersions from 'semver/functions/compare.js';
import valid from 'semver/functions/valid.js';
import type { TypedDoc } from '../../load/document.js';
import type { EnvConfig } from '../../world/config.js';
import { parseDuration } from '../../world/duration.js';
import { contractValueProblems } from '../contract-schema.js';
import type { Rule, RuleContext } from './context.js';
import { listOf, modelVersions } from './lookup.js';

/**
 * Error management: environments that require error policies and fallbacks get them, each
 * error policy is internally coherent (static fallbacks have a value, backoff and breaker make
 * sense), and works for the deployments that use it (a previous version to fall back to, a static
 * answer their contracts accept, retries that fit their timeouts).
 */
export const errorPolicyRules: Rule = (ctx) => {
  const { config, report } = ctx;
  for (const env of config.environments.values()) {
    checkPolicyUse(ctx, env);
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

type Policy = TypedDoc<'ErrorPolicy'>;
type Deployment = TypedDoc<'Deployment'>;

/** What each deployment's error policy declares must be possible for that deployment. */
function checkPolicyUse(ctx: RuleContext, env: EnvConfig): void {
  // Static answers are checked once per policy and output contract, whichever deployments share them.
  const checkedValues = new Set<string>();
  for (const dep of env.deployments.values()) {
    const name = dep.resource.spec.errorPolicy;
    const policy = name === undefined ? undefined : env.errorPolicies.get(name);
    if (!policy) continue;
    const fallback = policy.resource.spec.fallback;
    if (fallback?.type === 'previousVersion') checkPreviousVersion(ctx, dep, policy);
    if (fallback?.type === 'static' && fallback.value !== undefined)
      checkStaticValue(ctx, dep, policy, fallback.value, checkedValues);
    checkRetryBudget(ctx, dep, policy);
  }
}

/** Served versions (traffic above 0) that the model declares, newest first. */
function servedVersions(ctx: RuleContext, dep: Deployment): { version: string; status: string; index: number }[] {
  const known = modelVersions(ctx.config).get(dep.resource.spec.model);
  if (!known) return [];
  const out: { version: string; status: string; index: number }[] = [];
  for (const t of dep.resource.spec.traffic) {
    const entry = known.get(t.version);
    if (t.percent > 0 && entry && valid(t.version) && !out.some((o) => o.version === t.version))
      out.push({ version: t.version, status: entry.version.status, index: entry.index });
  }
  return out.sort((a, b) => compareVersions(b.version, a.version));
}

/**
 * `previousVersion` answers with the version before the newest one served (during a canary, the
 * stable version): the model must have one that is not revoked.
 */
function checkPreviousVersion(ctx: RuleContext, dep: Deployment, policy: Policy): void {
  const newest = servedVersions(ctx, dep)[0];
  if (!newest) return;
  const model = dep.resource.spec.model;
  const versions = [...(modelVersions(ctx.config).get(model)?.values() ?? [])];
  const earlier = versions.filter(
    (v) => valid(v.version.version) && compareVersions(v.version.version, newest.version) < 0,
  );
  if (earlier.some((v) => v.version.status !== 'revoked')) return;
  const revoked = earlier.map((v) => v.version.version);
  ctx.report(dep, {
    code: 'fallback-without-previous-version',
    message: `error policy \`${policy.name}\` falls back to the previous version, but model \`${model}\` has no version before ${newest.version} (served by \`${dep.name}\`) that is not revoked${revoked.length ? ` (${listOf(revoked)} ${revoked.length === 1 ? 'is' : 'are'} revoked)` : ''}`,
    hint: `give \`${dep.name}\` an error policy with \`fallback: {type: static, value: ...}\`, or keep an earlier version of \`${model}\` available to fall back to`,
    path: ['spec', 'errorPolicy'],
  });
}

/** A static answer must satisfy the output contract of every version it stands in for. */
function checkStaticValue(
  ctx: RuleContext,
  dep: Deployment,
  policy: Policy,
  value: unknown,
  checked: Set<string>,
): void {
  const model = dep.resource.spec.model;
  const known = modelVersions(ctx.config).get(model);
  for (const served of servedVersions(ctx, dep)) {
    const output = known?.get(served.version)?.version.contract?.output;
    if (output === undefined) continue;
    // Versions usually repeat their contract: one finding per policy and distinct contract.
    const key = `${policy.name}\0${JSON.stringify(output)}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const problems = contractValueProblems(output, value);
    const first = problems[0];
    if (!first) continue;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    ctx.report(policy, {
      code: 'static-fallback-violates-contract',
      message: `the static fallback value does not satisfy the output contract of \`${model}\` ${served.version} (served by deployment \`${dep.name}\`): ${first.message}${more}`,
      hint: `answer with a value that the output contract of ${served.version} in models/${model}/model.yaml accepts, or give \`${dep.name}\` an error policy of its own`,
      path: ['spec', 'fallback', 'value', ...first.path],
    });
  }
}

/**
 * Every attempt may run to the policy's timeout and wait the longest backoff before the next:
 * attempts × (timeout + largest backoff) must fit the deployment's endpoint timeout and SLO p99.
 */
function checkRetryBudget(ctx: RuleContext, dep: Deployment, policy: Policy): void {
  const spec = policy.resource.spec;
  const timeout = parseDuration(spec.timeout);
  if (timeout === undefined) return;
  const attempts = spec.retry?.maxAttempts ?? 1;
  const backoff = attempts > 1 ? largestBackoff(spec.retry?.backoff, attempts) : 0;
  if (backoff === undefined) return;
  const total = attempts * (timeout + backoff);
  const depSpec = dep.resource.spec;
  const limits: { what: string; text: string; ms: number }[] = [];
  const endpointTimeout = depSpec.mode === 'realtime' ? depSpec.endpoint?.timeout : undefined;
  const endpointMs = parseDuration(endpointTimeout);
  if (endpointMs !== undefined && total > endpointMs)
    limits.push({ what: 'endpoint timeout', text: endpointTimeout!, ms: endpointMs });
  const p99 = depSpec.slo?.latencyP99;
  const p99Ms = parseDuration(p99);
  if (p99Ms !== undefined && total > p99Ms) limits.push({ what: 'SLO latencyP99', text: p99!, ms: p99Ms });
  if (limits.length === 0) return;
  const tightest = Math.min(...limits.map((l) => l.ms));
  const how =
    attempts > 1
      ? `${attempts} attempts × (${spec.timeout} timeout + ${formatMs(backoff)} backoff)`
      : `1 attempt of ${spec.timeout}`;
  ctx.report(dep, {
    code: 'retry-budget-exceeds-deadline',
    message: `error policy \`${policy.name}\` may take ${formatMs(total)} (${how}), longer than the ${limits.map((l) => `${l.what} ${l.text}`).join(' and ')} of \`${dep.name}\``,
    hint: `fit the retries into ${formatMs(tightest)}: fewer attempts, a shorter timeout or a smaller backoff \`max\` (in an error policy of its own if others share \`${policy.name}\`), or relax the deployment's limit`,
    path: ['spec', 'errorPolicy'],
  });
}

/** The longest wait between two attempts: `max` when set, else how far `initial` grows. */
function largestBackoff(
  backoff: { initial: string; max?: string; multiplier?: number } | undefined,
  attempts: number,
): number | undefined {
  if (!backoff) return 0;
  if (backoff.max !== undefined) return parseDuration(backoff.max);
  const initial = parseDuration(backoff.initial);
  return initial === undefined ? undefined : initial * (backoff.multiplier ?? 1) ** Math.max(0, attempts - 2);
}

/** `140ms`, `3.9s`, `2m`, `6h15m`: a computed duration, for people. */
function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Number(((ms % 60_000) / 1000).toFixed(3));
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
