import type { Action } from '../../kinds/index.js';
import type { TypedDoc } from '../../load/document.js';
import type { EnvConfig } from '../../world/config.js';
import { AccessIndex, globMatch, type RuleSource } from '../access-eval.js';
import type { Rule, RuleContext } from './context.js';
import { declaredNames, hasUnparsed, isDeclared, listOf } from './lookup.js';

type Policy = TypedDoc<'AccessPolicy'>;

/** Rules of every AccessPolicy of an environment, in file order. */
export function policySources(env: EnvConfig): RuleSource<Policy>[] {
  const out: RuleSource<Policy>[] = [];
  for (const policy of env.accessPolicies.values())
    policy.resource.spec.rules.forEach((rule, index) => out.push({ policy, index, rule }));
  return out;
}

/**
 * Security: each consumer may call what it uses (`invoke` a realtime deployment, `read-output`
 * a batch one); PII (deployments that read it, and the `pii` sources themselves) is open only to
 * subjects named explicitly; and a deployment, which reads with its model's owners' rights, does
 * not read a source those owners are explicitly denied.
 */
export const accessRules: Rule = (ctx) => {
  for (const env of ctx.config.environments.values()) {
    const sources = policySources(env);
    checkConsumers(ctx, env, sources);
    checkPiiWildcards(ctx, env, sources);
    checkPiiDataWildcards(ctx, env, sources);
    checkOwnerDeniedInputs(ctx, env, sources);
  }
};

function checkConsumers(ctx: RuleContext, env: EnvConfig, sources: RuleSource<Policy>[]): void {
  if (env.consumers.size === 0) return;
  // A broken AccessPolicy, or a file that failed to parse, may hold the missing allow: its own finding comes first.
  if (declaredNames(ctx.config, 'AccessPolicy', env.name).size > env.accessPolicies.size) return;
  if (hasUnparsed(ctx.config, env.name)) return;
  const index = new AccessIndex(sources, ctx.config.project?.resource.spec.teams ?? {});
  for (const consumer of env.consumers.values()) {
    const subject = consumer.resource.spec.subject;
    consumer.resource.spec.uses.forEach((use, i) => {
      const dep = env.deployments.get(use.deployment);
      if (!dep) return;
      const action: Action = dep.resource.spec.mode === 'realtime' ? 'invoke' : 'read-output';
      const resource = `deployment:${dep.name}`;
      const decision = index.decide(subject, action, resource);
      if (decision.effect === 'allow') return;
      const why =
        decision.effect === 'deny'
          ? `denied by rule ${decision.by.index} of AccessPolicy \`${decision.by.policy.name}\` (${decision.by.policy.file})`
          : env.accessPolicies.size === 0
            ? `environment \`${env.name}\` has no AccessPolicy, and access is denied by default`
            : 'no access rule allows it, and access is denied by default';
      ctx.report(consumer, {
        code: 'consumer-not-allowed',
        message: `\`${subject}\` may not \`${action}\` \`${resource}\` (${dep.resource.spec.mode}): ${why}`,
        hint:
          decision.effect === 'deny'
            ? `narrow that deny rule, or stop using \`${dep.name}\` from \`${consumer.name}\``
            : `add to an AccessPolicy in environments/${env.name}/: {effect: allow, subjects: [${subject}], actions: [${action}], resources: [${resource}]}`,
        path: ['spec', 'uses', i, 'deployment'],
      });
    });
  }
}

const EXPOSING: readonly Action[] = ['invoke', 'read-output'];

function checkPiiWildcards(ctx: RuleContext, env: EnvConfig, sources: RuleSource<Policy>[]): void {
  // Deployments reading a pii source, and the pii sources each reads.
  const pii = new Map<string, string[]>();
  for (const dep of env.deployments.values()) {
    const inputs = (dep.resource.spec.inputs ?? []).filter(
      (name) => env.dataSources.get(name)?.resource.spec.classification === 'pii',
    );
    if (inputs.length) pii.set(`deployment:${dep.name}`, inputs);
  }
  if (pii.size === 0) return;
  for (const { policy, index, rule } of sources) {
    if (rule.effect !== 'allow' || !rule.actions.some((a) => EXPOSING.includes(a))) continue;
    const globSubject = rule.subjects.findIndex((s) => s.includes('*'));
    rule.resources.forEach((pattern, r) => {
      const globbed = pattern.includes('*');
      if (!globbed && globSubject === -1) return;
      // Only wildcard rules get here, and only their globbed resources scan the pii deployments.
      const hits = globbed ? [...pii.keys()].filter((d) => globMatch(pattern, d)) : pii.has(pattern) ? [pattern] : [];
      if (hits.length === 0) return;
      const sourcesRead = [...new Set(hits.flatMap((h) => pii.get(h)!))];
      const actions = rule.actions.filter((a) => EXPOSING.includes(a)).join('/');
      const subjectPath = globSubject !== -1 && !globbed;
      ctx.report(policy, {
        code: 'pii-wildcard-access',
        message: subjectPath
          ? `wildcard subject \`${rule.subjects[globSubject]!}\` is allowed to ${actions} ${listOf(hits)}, which reads pii data (${listOf(sourcesRead)})`
          : `wildcard resource \`${pattern}\` allows ${actions} on ${listOf(hits)}, which reads pii data (${listOf(sourcesRead)})`,
        hint: subjectPath
          ? 'list the subjects that need access by name (e.g. service:checkout); deployments reading pii are never open to wildcards'
          : `name the deployments explicitly instead of \`${pattern}\`, and grant ${listOf(hits, 2)} only to named subjects`,
        path: subjectPath
          ? ['spec', 'rules', index, 'subjects', globSubject]
          : ['spec', 'rules', index, 'resources', r],
      });
    });
  }
}

/** `read-data` on a `pii` DataSource is granted to named subjects on named sources only. */
function checkPiiDataWildcards(ctx: RuleContext, env: EnvConfig, sources: RuleSource<Policy>[]): void {
  const pii: string[] = [];
  for (const ds of env.dataSources.values())
    if (ds.resource.spec.classification === 'pii') pii.push(`datasource:${ds.name}`);
  if (pii.length === 0) return;
  for (const { policy, index, rule } of sources) {
    if (rule.effect !== 'allow' || !rule.actions.includes('read-data')) continue;
    const globSubject = rule.subjects.findIndex((s) => s.includes('*'));
    rule.resources.forEach((pattern, r) => {
      const globbed = pattern.includes('*');
      if (!globbed && globSubject === -1) return;
      const hits = pii.filter((d) => globMatch(pattern, d));
      if (hits.length === 0) return;
      const names = hits.map((h) => h.slice('datasource:'.length));
      const subjectPath = globSubject !== -1 && !globbed;
      ctx.report(policy, {
        code: 'pii-wildcard-read-data',
        message: subjectPath
          ? `wildcard subject \`${rule.subjects[globSubject]!}\` is allowed to read-data on ${listOf(hits)}, which is classified pii`
          : `wildcard resource \`${pattern}\` allows read-data on ${listOf(hits)}, classified pii, to ${listOf(rule.subjects, 3)}`,
        hint: subjectPath
          ? `list the teams, users or services that need ${listOf(names, 2)} by name (e.g. team:data-eng); pii data sources are never open to wildcards`
          : `name the data sources explicitly instead of \`${pattern}\`, and grant read-data on ${listOf(hits, 2)} in a rule of its own`,
        path: subjectPath
          ? ['spec', 'rules', index, 'subjects', globSubject]
          : ['spec', 'rules', index, 'resources', r],
      });
    });
  }
}

/**
 * A deployment reads its inputs with the rights of its model's owners: an explicit deny of
 * `read-data` on an input to one of them would otherwise be walked around by deploying a model.
 */
function checkOwnerDeniedInputs(ctx: RuleContext, env: EnvConfig, sources: RuleSource<Policy>[]): void {
  if (!sources.some(({ rule }) => rule.effect === 'deny' && rule.actions.includes('read-data'))) return;
  const index = new AccessIndex(sources, ctx.config.project?.resource.spec.teams ?? {});
  for (const dep of env.deployments.values()) {
    const model = ctx.config.models.get(dep.resource.spec.model);
    if (!model) continue;
    dep.resource.spec.inputs?.forEach((name, i) => {
      // An unknown source has its own finding.
      if (!isDeclared(ctx.config, env.name, 'DataSource', name)) return;
      const resource = `datasource:${name}`;
      for (const owner of model.resource.spec.owners) {
        const decision = index.decide(owner, 'read-data', resource);
        if (decision.effect !== 'deny') continue;
        const { policy, index: ruleIndex } = decision.by;
        ctx.report(dep, {
          code: 'input-denied-to-owner',
          message: `deployment \`${dep.name}\` reads \`${name}\` with the rights of model \`${model.name}\`'s owner \`${owner}\`, but rule ${ruleIndex} of AccessPolicy \`${policy.name}\` (${policy.file}) denies \`${owner}\` read-data on \`${resource}\``,
          hint: `remove \`${name}\` from the inputs of \`${dep.name}\`; or, if \`${owner}\` may read it after all, narrow that deny rule`,
          path: ['spec', 'inputs', i],
        });
        break;
      }
    });
  }
}
