import { authorizationPolicy, envAccess } from './authorization.js';
import { cronJob } from './cronjob.js';
import { inferenceService } from './inference-service.js';
import { liveVersions } from './lookup.js';
import type { RenderContext } from './meta.js';
import { notEnforcedOf, sortNotEnforced } from './not-enforced.js';
import { destinationRules, virtualService } from './routing.js';
import type { K8sObject, NotEnforced, RenderInput, RenderResult } from './types.js';

const byKindThenName = (a: K8sObject, b: K8sObject): number =>
  a.kind < b.kind
    ? -1
    : a.kind > b.kind
      ? 1
      : a.metadata.name < b.metadata.name
        ? -1
        : a.metadata.name > b.metadata.name
          ? 1
          : 0;

/**
 * The Kubernetes objects of one environment, and what they do not enforce. Pure and
 * deterministic: the same input gives the same objects in the same order.
 */
export function renderEnvironment(input: RenderInput): RenderResult {
  const { config, env, target } = input;
  const ctx: RenderContext = { environment: env.name, namespace: target.namespace };
  const objects: K8sObject[] = [];
  const notEnforced: NotEnforced[] = [];
  const access = envAccess(config, env);
  for (const deployment of env.deployments.values()) {
    const live = liveVersions(config, deployment);
    if (deployment.resource.spec.mode === 'realtime') {
      for (const l of live) objects.push(inferenceService(ctx, target, deployment, l));
      objects.push(virtualService(ctx, target, env, deployment, live));
      objects.push(...destinationRules(ctx, env, deployment, live));
      const authorization = authorizationPolicy(ctx, access, deployment);
      objects.push(authorization.object);
      notEnforced.push(...authorization.notEnforced);
    } else {
      const job = cronJob(ctx, target, env, deployment, live);
      objects.push(job.object);
      notEnforced.push(...job.notEnforced);
    }
    notEnforced.push(...notEnforcedOf(env, access, deployment));
  }
  return { objects: objects.sort(byKindThenName), notEnforced: sortNotEnforced(notEnforced) };
}
