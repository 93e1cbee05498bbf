import type { CommitParentage } from '../../git/parents.js';
import { fail, pass, type CheckResult } from './types.js';

/**
 * Approvals are given on one commit, the pull request's head when the run was triggered. The gate
 * may judge that commit or the merge of exactly that commit into the base (what actions/checkout
 * checks out for a pull request), nothing else: a push racing a review, or a merge of another
 * commit, would otherwise be judged with approvals of code they never saw.
 *
 * `head` is the judged revision, `base` the base revision's name, `reviewed` the reviews' head SHA.
 */
export function checkReviewedRevision(
  head: { rev: string; commit: string },
  base: string,
  reviewed: string,
  parentage: CommitParentage | undefined,
): Extract<CheckResult, { check: 'reviewed-revision' }> {
  const evidence = { kind: 'reviews', headSha: reviewed } as const;
  const { rev, commit } = head;
  if (sameCommit(commit, reviewed)) return pass('reviewed-revision', { code: 'head', rev, commit }, evidence);
  const merge =
    parentage?.commit === commit && !parentage.inBase && parentage.parents.length === 2
      ? { of: parentage.parents[1]!, intoBase: parentage.firstParentInBase }
      : undefined;
  if (merge && merge.intoBase && sameCommit(merge.of, reviewed))
    return pass('reviewed-revision', { code: 'merge', rev, commit, reviewed, base }, evidence);
  return fail(
    'reviewed-revision',
    { code: 'mismatch', rev, commit, reviewed, base, ...(merge ? { merge } : {}) },
    evidence,
  );
}

function sameCommit(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
