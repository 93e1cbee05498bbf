import type { Config, EnvConfig } from '../../world/config.js';
import { changeSubject, type Change } from '../changes.js';

/**
 * What one set of approvals is for: a deployment of an environment (with every change that
 * reaches it), or the changes of an environment that reach no deployment (`deployment` absent).
 */
export interface ApprovalTarget {
  env: string;
  deployment?: string;
  /** Every change is a rollback. */
  rollbackOnly: boolean;
  /** The changes, as `Kind/name`, for a target without a deployment. */
  subjects: string[];
}

/**
 * The deployments each environment change reaches, in order of first appearance: a deployment's
 * own changes; an error policy's, the deployments that name it; a data source's, those that read
 * or write it (output, dead letter); a consumer's, the deployments it uses. Both revisions count:
 * a change that unhooks a deployment reaches it too. Changes that reach none make one target per
 * environment. Project and Model changes have no environment and no target here.
 */
export function approvalTargets(changes: readonly Change[], base: Config, head: Config): ApprovalTarget[] {
  const targets = new Map<string, ApprovalTarget>();
  const add = (env: string, deployment: string | undefined, change: Change): void => {
    const key = `${env}\u0000${deployment ?? ''}`;
    let target = targets.get(key);
    if (!target) {
      target = { env, rollbackOnly: true, subjects: [], ...(deployment === undefined ? {} : { deployment }) };
      targets.set(key, target);
    }
    target.rollbackOnly &&= change.type === 'rollback';
    const subject = changeSubject(change);
    if (deployment === undefined && !target.subjects.includes(subject)) target.subjects.push(subject);
  };
  for (const change of changes) {
    if (change.env === undefined) continue;
    const reached = reachedDeployments(change, [base.environments.get(change.env), head.environments.get(change.env)]);
    if (reached.length === 0) add(change.env, undefined, change);
    for (const deployment of reached) add(change.env, deployment, change);
  }
  return [...targets.values()];
}

function reachedDeployments(change: Change, envs: ReadonlyArray<EnvConfig | undefined>): string[] {
  const found = new Set<string>();
  const each = (pick: (env: EnvConfig) => Iterable<string>): string[] => {
    for (const env of envs) if (env) for (const d of pick(env)) found.add(d);
    return [...found].sort();
  };
  switch (change.type) {
    case 'promotion':
    case 'canary-step':
    case 'full-rollout':
    case 'rollback':
    case 'traffic-change':
    case 'deployment-added':
    case 'deployment-removed':
    case 'deployment-updated':
      return [change.deployment];
    case 'error-policy-change':
      return each((env) =>
        [...env.deployments.values()].filter((d) => d.resource.spec.errorPolicy === change.name).map((d) => d.name),
      );
    case 'data-source-change':
      return each((env) =>
        [...env.deployments.values()]
          .filter((d) => {
            const spec = d.resource.spec;
            const deadLetter = spec.errorPolicy
              ? env.errorPolicies.get(spec.errorPolicy)?.resource.spec.deadLetter?.dataSource
              : undefined;
            return (
              (spec.inputs ?? []).includes(change.name) ||
              spec.output?.dataSource === change.name ||
              deadLetter === change.name
            );
          })
          .map((d) => d.name),
      );
    case 'consumer-change':
      return each((env) =>
        (env.consumers.get(change.name)?.resource.spec.uses ?? [])
          .map((u) => u.deployment)
          .filter((d) => env.deployments.has(d)),
      );
    case 'policy-change':
    case 'model-version-added':
    case 'released-version-mutated':
    case 'model-updated':
      return [];
  }
}
