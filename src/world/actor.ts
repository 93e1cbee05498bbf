import { userInfo } from 'node:os';

/** Where the operator's name came from, for messages. */
type OperatorSource = '--as' | 'SLIPWAY_ACTOR' | 'GITHUB_ACTOR' | 'git config user.name' | 'OS user';

/** Who runs a command (not who wrote the commit): what access policies are checked against and audit rows name. */
export interface Operator {
  /** As given: a login (`alice`), or a subject (`service:deployer`). */
  name: string;
  from: OperatorSource;
}

/**
 * Who runs apply: `--as`, else `$SLIPWAY_ACTOR`, else `$GITHUB_ACTOR` (set by GitHub Actions),
 * else git's `user.name` (`gitUser`, read only when needed), else the OS user.
 */
export async function resolveOperator(
  as: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  gitUser: () => Promise<string | undefined>,
): Promise<Operator> {
  if (as) return { name: as, from: '--as' };
  if (env.SLIPWAY_ACTOR) return { name: env.SLIPWAY_ACTOR, from: 'SLIPWAY_ACTOR' };
  if (env.GITHUB_ACTOR) return { name: env.GITHUB_ACTOR, from: 'GITHUB_ACTOR' };
  const git = await gitUser();
  if (git) return { name: git, from: 'git config user.name' };
  try {
    return { name: userInfo().username || env.USER || 'unknown', from: 'OS user' };
  } catch {
    return { name: env.USER ?? 'unknown', from: 'OS user' };
  }
}

/** The access-policy subject of an operator: `user:<login>`, unless the name is already a subject. */
export function operatorSubject(name: string): string {
  return /^(user|team|service):/.test(name) ? name : `user:${name}`;
}
