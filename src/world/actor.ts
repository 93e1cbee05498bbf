import { userInfo } from 'node:os';

/** Who an audit row names: `$GITHUB_ACTOR` in GitHub Actions, else the commit's author, else the OS user. */
export function resolveActor(
  env: Readonly<Record<string, string | undefined>>,
  commitAuthor: string | undefined,
): string {
  if (env.GITHUB_ACTOR) return env.GITHUB_ACTOR;
  if (commitAuthor) return commitAuthor;
  try {
    return userInfo().username || env.USER || 'unknown';
  } catch {
    return env.USER ?? 'unknown';
  }
}
