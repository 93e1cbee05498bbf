/**
 * A pull request's commits on the test GitHub server, taken from a real repository: GitHub
 * links a commit to an account by its email, here `<login>@users.noreply.github.com`; any other
 * email (`test@example.com`) belongs to no account, and GitHub sends `null` for it.
 *
 *   repo.commit(files, { author: account('alice'), committer: account('bob') });
 *   mirrorCommits(server, 7, repo, base, head);
 */
import type { TestRepo } from './config-repo.js';
import type { GitHubTestServer } from './github-server.js';

const NOREPLY = '@users.noreply.github.com';

/** A git identity GitHub maps to the account `login`. */
export function account(login: string): { name: string; email: string } {
  return { name: login, email: `${login}${NOREPLY}` };
}

function loginOf(email: string): string | null {
  return email.endsWith(NOREPLY) ? email.slice(0, -NOREPLY.length) : null;
}

/** Lists `base..head` as pull request `pr`'s commits, oldest first, as GitHub does. */
export function mirrorCommits(server: GitHubTestServer, pr: number, repo: TestRepo, base: string, head: string): void {
  const log = repo.git('log', '--reverse', '--format=%H %ae %ce', `${base}..${head}`);
  for (const line of log.split('\n').filter((l) => l !== '')) {
    const [sha = '', author = '', committer = ''] = line.split(' ');
    server.github.addCommit({ pr, sha, author: loginOf(author), committer: loginOf(committer) });
  }
}
