import type { Review } from '../../src/github/types.js';
import { deployment, deploymentFile, gateRepo } from './base-gate.js';
import { gitRepo, type Files, type TestRepo } from './config-repo.js';

/**
 * main: `files` (the gate fixture) on Nov 1, then 3.3.0 merged to dev and staging on Nov 20 (so
 * git alone calls it soaked by Nov 28); branch `promote` sends 10% of prod to it (plus `head`),
 * on Nov 28 at 09:00. Returns with main checked out.
 */
export function promotionRepo(files: Files = gateRepo(), head: Files = {}): TestRepo {
  const repo = gitRepo(files, {
    date: '2026-11-01T10:00:00Z',
    later: [
      {
        files: {
          [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]),
          [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]),
        },
        date: '2026-11-20T10:00:00Z',
      },
    ],
  });
  repo.git('checkout', '-q', '-b', 'promote');
  repo.commit(
    {
      [deploymentFile('prod')]: deployment('prod', [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ]),
      ...head,
    },
    { date: '2026-11-28T09:00:00Z' },
  );
  repo.git('checkout', '-q', 'main');
  return repo;
}

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
