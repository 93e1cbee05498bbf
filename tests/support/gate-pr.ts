import type { Review } from '../../src/github/types.js';
import type { Files, TestRepo } from './config-repo.js';

/** Commits `files` on a new branch off main (or `from`) and returns to main; returns the branch's head SHA. */
export function branch(
  repo: TestRepo,
  name: string,
  files: Files,
  options: { from?: string; date?: string } = {},
): string {
  repo.git('checkout', '-q', '-b', name, options.from ?? 'main');
  const sha = repo.commit(files, { date: options.date ?? '2026-11-28T09:00:00Z', message: name });
  repo.git('checkout', '-q', 'main');
  return sha;
}

let reviewId = 0;

/** One review of `commitId`, submitted a minute after the previous one (Nov 28, from 10:00). */
export function review(user: string, commitId: string, state: Review['state'] = 'APPROVED'): Review {
  reviewId += 1;
  return {
    id: reviewId,
    user,
    state,
    commitId,
    submittedAt: new Date(Date.UTC(2026, 10, 28, 10, reviewId)).toISOString(),
  };
}

/** An approval of `head` by each of `users`. */
export const approvals = (head: string, ...users: string[]): Review[] => users.map((user) => review(user, head));
