import type { TypedDoc } from '../../load/document.js';
import type { EnvConfig } from '../../world/config.js';
import { AccessIndex } from '../access-eval.js';
import { policySources } from './access.js';
import type { Rule, RuleContext } from './context.js';
import { declaredNames, hasUnparsed, listOf } from './lookup.js';

type Policy = TypedDoc<'AccessPolicy'>;
type Teams = Record<string, { members: string[] }>;

/**
 * Approvals the AccessPolicies make impossible. Where an environment's AccessPolicies mention
 * `approve`, the gate counts a reviewer for a deployment only if allowed `approve` on it: fewer
 * such people in `approvals.from` than `approvals.required` means no promotion of it can pass.
 * A model's versions are released by an owner allowed `approve` on `model:<name>` wherever an
 * `approve` rule reaches it: with no such owner, no version can be released.
 */
export const approverRules: Rule = (ctx) => {
  const teams: Teams = ctx.config.project?.resource.spec.teams ?? {};
  const indexes = new Map<string, AccessIndex<Policy>>();
  for (const env of ctx.config.environments.values()) {
    // A broken AccessPolicy, or a file that failed to parse, may hold the missing allow.
    if (declaredNames(ctx.config, 'AccessPolicy', env.name).size > env.accessPolicies.size) continue;
    if (hasUnparsed(ctx.config, env.name)) continue;
    const approve = policySources(env).filter((s) => s.rule.actions.includes('approve'));
    if (approve.length === 0) continue;
    const index = new AccessIndex(approve, teams);
    indexes.set(env.name, index);
    checkDeployments(ctx, env, index, teams);
  }
  checkOwners(ctx, indexes, teams);
};

/** People named by `subjects` (`user:` and members of `team:`), or undefined when a subject cannot be counted. */
function people(subjects: readonly string[], teams: Teams): string[] | undefined {
  const out = new Set<string>();
  for (const subject of subjects) {
    if (subject.includes('*') || subject.startsWith('service:')) return undefined;
    if (subject.startsWith('user:')) out.add(subject.slice('user:'.length));
    else {
      const name = subject.slice('team:'.length);
      if (!Object.prototype.hasOwnProperty.call(teams, name)) return undefined;
      for (const m of teams[name]!.members) out.add(m);
    }
  }
  return [...out];
}

function checkDeployments(ctx: RuleContext, env: EnvConfig, index: AccessIndex<Policy>, teams: Teams): void {
  const approvals = env.environment?.resource.spec.promotion?.approvals;
  if (!approvals?.from || approvals.from.length === 0 || approvals.required <= 0) return;
  const from = people(approvals.from, teams);
  // Too few people at all is `approvals-unsatisfiable`'s finding.
  if (!from || from.length < approvals.required) return;
  for (const deployment of env.deployments.values()) {
    const resource = `deployment:${deployment.name}`;
    const allowed = from.filter((login) => index.decide(`user:${login}`, 'approve', resource).effect === 'allow');
    if (allowed.length >= approvals.required) continue;
    ctx.report(deployment, {
      code: 'approvers-not-allowed',
      message: `\`${env.name}\` takes ${approvals.required} approval${approvals.required === 1 ? '' : 's'} from ${listOf(approvals.from)} to promote \`${deployment.name}\`, but its AccessPolicies mention \`approve\` and allow it on \`${resource}\` to ${allowed.length === 0 ? 'none of them' : `only ${listOf(allowed)}`}`,
      hint: `allow \`approve\` on ${resource} to enough of them in an AccessPolicy of environments/${env.name}/, or lower approvals.required`,
      path: ['metadata', 'name'],
    });
  }
}

function checkOwners(ctx: RuleContext, indexes: ReadonlyMap<string, AccessIndex<Policy>>, teams: Teams): void {
  if (indexes.size === 0) return;
  for (const model of ctx.config.models.values()) {
    const owners = people(model.resource.spec.owners, teams);
    if (!owners || owners.length === 0) continue;
    const resource = `model:${model.name}`;
    const reaching = [...indexes].filter(([, index]) => index.reaching(resource).length > 0);
    if (reaching.length === 0) continue;
    const allowed = owners.filter((login) =>
      reaching.every(([, index]) => index.decide(`user:${login}`, 'approve', resource).effect === 'allow'),
    );
    if (allowed.length > 0) continue;
    const envs = reaching.map(([env]) => env);
    ctx.report(model, {
      code: 'owners-not-allowed',
      message: `no owner of \`${model.name}\` (${listOf(model.resource.spec.owners)}) may \`approve\` \`${resource}\` in ${listOf(envs)}, where an \`approve\` rule reaches it, so none of its versions can be released`,
      hint: `allow \`approve\` on ${resource} to its owners there, or narrow the rule that reaches it to other resources`,
      path: ['spec', 'owners'],
    });
  }
}
