import type { TypedDoc } from '../../load/document.js';
import { AccessIndex, globMatch } from '../../validate/access-eval.js';
import type { Config } from '../../world/config.js';
import type { ApproveDenial } from './types.js';

type Policy = TypedDoc<'AccessPolicy'>;

/**
 * Who may approve, by the base revision: the subjects a reviewer acts as (their login and their
 * Project teams) and each environment's `approve` rules. The head is the author's, so none of
 * this is ever read from it.
 */
export class Approvers {
  private readonly teams: Record<string, { members: string[] }>;
  /** Each member's login as the Project spells it, by its lower case: GitHub logins ignore case. */
  private readonly spelling = new Map<string, string>();
  /** The `approve` rules of each environment; `null` when none of its AccessPolicies mentions `approve`. */
  private readonly indexes = new Map<string, AccessIndex<Policy> | null>();

  constructor(private readonly base: Config) {
    this.teams = base.project?.resource.spec.teams ?? {};
    for (const { members } of Object.values(this.teams))
      for (const login of members) this.spelling.set(login.toLowerCase(), login);
  }

  /** Whether `login` is one of `subjects` (`user:`, `team:`, globs), as a user or through a team; case aside. */
  isOneOf(login: string, subjects: readonly string[]): boolean {
    const ids = this.identities(login).map((id) => id.toLowerCase());
    return subjects.some((s) => ids.some((id) => globMatch(s.toLowerCase(), id)));
  }

  /** Whether any AccessPolicy of `env` mentions `approve`: then nobody approves there unless a rule allows it. */
  scoped(env: string): boolean {
    return this.index(env) !== null;
  }

  /** Whether an `approve` rule of `env` (allow or deny) names `resource`, exactly or by a glob. */
  reaches(env: string, resource: string): boolean {
    return (this.index(env)?.reaching(resource).length ?? 0) > 0;
  }

  /** Why the AccessPolicies of `env` refuse `login` to approve `resource`; undefined when they allow it. */
  denial(env: string, login: string, resource: string): ApproveDenial | undefined {
    const index = this.index(env);
    if (!index) return undefined;
    const decision = index.decide(`user:${this.canonical(login)}`, 'approve', resource);
    if (decision.effect === 'allow') return undefined;
    if (decision.effect === 'default-deny') return { effect: 'default-deny' };
    const { policy, index: rule } = decision.by;
    return { effect: 'deny', policy: policy.name, file: policy.file, rule: rule + 1 };
  }

  private canonical(login: string): string {
    return this.spelling.get(login.toLowerCase()) ?? login;
  }

  private identities(login: string): string[] {
    const user = this.canonical(login);
    const teams = Object.entries(this.teams)
      .filter(([, { members }]) => members.includes(user))
      .map(([team]) => `team:${team}`);
    return [`user:${user}`, ...teams];
  }

  private index(env: string): AccessIndex<Policy> | null {
    let index = this.indexes.get(env);
    if (index === undefined) {
      const policies = [...(this.base.environments.get(env)?.accessPolicies.values() ?? [])];
      const rules = policies.flatMap((policy) =>
        policy.resource.spec.rules.flatMap((rule, i) =>
          rule.actions.includes('approve') ? [{ policy, index: i, rule }] : [],
        ),
      );
      index = rules.length === 0 ? null : new AccessIndex(rules, this.teams);
      this.indexes.set(env, index);
    }
    return index;
  }
}
