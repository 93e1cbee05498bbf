import type { Change } from '../changes.js';
import { judge, type ReviewEvidence } from './approvals.js';
import { Approvers } from './approvers.js';
import type { CheckContext, CheckResult, IgnoredApproval, VersionRelease } from './types.js';

/**
 * Approving a version is a promotion: a pull request that releases versions of a model (moves
 * a candidate to `approved` or `deprecated`, which may serve traffic, or adds one that way)
 * needs one approval from a member of the model's `owners`, as the base declares them, who is
 * also allowed `approve` on `model:<name>` in every environment whose AccessPolicies have an
 * `approve` rule reaching it. One `version-approvals` check per model. Making a version
 * `deprecated` or `revoked` after its release needs none: stopping is always allowed.
 */
export function checkVersionApprovals(
  changes: readonly Change[],
  ctx: CheckContext,
  reviews: ReviewEvidence | undefined,
): CheckResult[] {
  const released = new Map<string, VersionRelease[]>();
  const add = (model: string, release: VersionRelease): void => {
    let list = released.get(model);
    if (!list) released.set(model, (list = []));
    list.push(release);
  };
  for (const c of changes) {
    if (c.type === 'model-version-added' && (c.status === 'approved' || c.status === 'deprecated'))
      add(c.model, { version: c.version, from: null, to: c.status });
    if (c.type === 'model-updated')
      for (const s of c.statuses)
        if (s.from === 'candidate' && (s.to === 'approved' || s.to === 'deprecated'))
          add(c.model, { version: s.version, from: 'candidate', to: s.to });
  }
  if (released.size === 0) return [];

  const approvers = new Approvers(ctx.base);
  const order = ctx.base.project?.resource.spec.environments ?? [];
  const envs = [...ctx.base.environments.keys()].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  return [...released].map(([model, versions]) => {
    const owners = [...(ctx.base.models.get(model)?.resource.spec.owners ?? [])];
    const resource = `model:${model}`;
    const reaching = envs.filter((env) => approvers.reaches(env, resource));
    const refuse = (login: string): IgnoredApproval | undefined => {
      if (!approvers.isOneOf(login, owners)) return { login, why: 'not-eligible' };
      for (const env of reaching) {
        const denial = approvers.denial(env, login, resource);
        if (denial) return { login, why: 'not-allowed', env, resource, denial };
      }
      return undefined;
    };
    return judge('version-approvals', { for: 'versions', model, owners, envs: reaching, versions }, 1, refuse, reviews);
  });
}

function rank(order: readonly string[], env: string): number {
  const i = order.indexOf(env);
  return i === -1 ? order.length : i;
}
