import type { TypedDoc } from '../load/document.js';
import { AccessIndex, type RuleSource } from '../validate/access-eval.js';
import { policySources } from '../validate/rules/access.js';
import type { Config, EnvConfig } from '../world/config.js';
import { DEPLOYMENT_LABEL, objectMeta, type RenderContext } from './meta.js';
import type { JsonObject, K8sObject, NotEnforced } from './types.js';

/** The mesh identity of a `service:<name>` subject: its service account in the target namespace. */
function principalOf(namespace: string, service: string): string {
  return `cluster.local/ns/${namespace}/sa/${service}`;
}

/** An environment's access rules, indexed once for all its deployments. */
export interface EnvAccess {
  index: AccessIndex<TypedDoc<'AccessPolicy'>>;
  /** The subjects a rule may decide for: every consumer's, and every one named in a rule. */
  candidates: string[];
}

export function envAccess(config: Config, env: EnvConfig): EnvAccess {
  const sources = policySources(env);
  const candidates = new Set<string>();
  for (const consumer of env.consumers.values()) candidates.add(consumer.resource.spec.subject);
  for (const { rule } of sources) for (const s of rule.subjects) candidates.add(s);
  return { index: new AccessIndex(sources, config.project?.resource.spec.teams ?? {}), candidates: [...candidates] };
}

/**
 * The `service:` subjects worth asking about a resource: a subject is allowed only by a rule that
 * reaches the resource, so those rules' subjects (every candidate, when one of them is a glob).
 */
function askable(access: EnvAccess, reaching: readonly RuleSource[]): string[] {
  const named = new Set<string>();
  for (const { rule } of reaching)
    for (const s of rule.subjects) {
      if (s.includes('*')) return access.candidates;
      named.add(s);
    }
  return [...named];
}

/**
 * The Istio AuthorizationPolicy of a realtime deployment: ALLOW exactly the `service:` subjects
 * the access rules allow to `invoke` it, decided by the same evaluation `validate` uses (an
 * explicit deny wins). An ALLOW policy denies whatever it does not match, so with nobody allowed
 * it has no rules at all and the deployment is closed.
 */
export function authorizationPolicy(
  ctx: RenderContext,
  access: EnvAccess,
  deployment: TypedDoc<'Deployment'>,
): { object: K8sObject; notEnforced: NotEnforced[] } {
  const resource = `deployment:${deployment.name}`;
  const reaching = access.index.reaching(resource);
  const allowed = askable(access, reaching)
    .filter((s) => s.startsWith('service:') && !s.includes('*'))
    .filter((s) => access.index.decide(s, 'invoke', resource).effect === 'allow')
    .map((s) => s.slice('service:'.length))
    .sort();

  // Allow rules granting invoke to subjects the mesh cannot name: listed, not dropped.
  const notEnforced: NotEnforced[] = [];
  for (const { policy, index: i, rule } of reaching) {
    if (rule.effect !== 'allow' || !rule.actions.includes('invoke')) continue;
    rule.subjects.forEach((subject, j) => {
      const reason = subject.includes('*')
        ? 'wildcard-subject'
        : subject.startsWith('service:')
          ? undefined
          : 'not-a-workload';
      if (reason === undefined) return;
      const field = `spec.rules[${i}].subjects[${j}]`;
      notEnforced.push({ deployment: deployment.name, kind: 'AccessPolicy', name: policy.name, field, reason });
    });
  }

  const spec: JsonObject = { selector: { matchLabels: { [DEPLOYMENT_LABEL]: deployment.name } }, action: 'ALLOW' };
  if (allowed.length > 0) {
    spec.rules = [{ from: [{ source: { principals: allowed.map((s) => principalOf(ctx.namespace, s)) } }] }];
  }
  return {
    object: {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: objectMeta(ctx, deployment.name, deployment.name),
      spec,
    },
    notEnforced,
  };
}
