import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectGateGitHub } from '../../src/app/gate-github.js';
import { runGate } from '../../src/app/gate.js';
import { runCli } from '../support/cli.js';
import { deployment, deploymentFile, gateRepo } from '../support/base-gate.js';
import { gitRepo, type CommitOptions, type Files, type TestRepo } from '../support/config-repo.js';
import { account, mirrorCommits } from '../support/github-commits.js';
import { actionsEnv } from '../support/github-env.js';
import { GitHubTestServer } from '../support/github-server.js';

const TOKEN = 'ghs_reviewersTestToken0123456789';
const NOW = new Date('2026-11-28T12:00:00Z');

let server: GitHubTestServer | undefined;
beforeEach(async () => {
  server = await GitHubTestServer.start({ token: TOKEN });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The staging promotion of 3.3.0 (soaked in dev since Nov 25), in one step. */
const promoteStaging = (): Files => ({ [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) });

/**
 * main with 3.3.0 at 100% in dev since Nov 25, and the pull request branch `pr` made of
 * `commits` (on Nov 28). Staging needs one approval from team:risk-ml (alice, bob).
 */
function pullRequest(commits: ReadonlyArray<{ files: Files } & CommitOptions>): {
  repo: TestRepo;
  base: string;
  head: string;
} {
  const repo = gitRepo(gateRepo(), {
    date: '2026-11-01T10:00:00Z',
    later: [{ files: { [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]) }, date: '2026-11-25T10:00:00Z' }],
  });
  const base = repo.head();
  repo.git('checkout', '-q', '-b', 'pr');
  let head = base;
  for (const { files, ...options } of commits) head = repo.commit(files, { date: '2026-11-28T09:00:00Z', ...options });
  return { repo, base, head };
}

/** The Actions run of pull request #21 opened by alice, reviewed on `head`; GitHub lists `base..listed` as its commits. */
function prRun(
  repo: TestRepo,
  { base, head, listed = head }: { base: string; head: string; listed?: string },
): Record<string, string> {
  mirrorCommits(server!, 21, repo, base, listed);
  return actionsEnv(
    server!,
    { number: 21, headRef: 'pr', headSha: head, baseRef: 'main', baseSha: base, author: 'alice' },
    TOKEN,
  );
}

const approve = (user: string, commitId: string) =>
  server!.github.addReview({ pr: 21, user, state: 'APPROVED', commitId });

interface CheckJson {
  check: string;
  verdict: string;
  reason: string;
  evidence?: string;
}

/** `gate --github --format json` on `head`: the exit code and the pull request's checks. */
async function gateJson(repo: TestRepo, env: Record<string, string>, head = 'pr') {
  const result = await runCli(
    ['gate', '--repo', repo.dir, '--base', 'main', '--head', head, '--github', '--format', 'json'],
    { env, now: NOW },
  );
  expect(result.stderr).toBe('');
  const doc = JSON.parse(result.stdout) as { verdict: string; checks: CheckJson[] };
  const check = (id: string) => doc.checks.find((c) => c.check === id);
  return { code: result.code, verdict: doc.verdict, check };
}

describe('gate --github: whoever wrote the change does not count as its reviewer', () => {
  it("ignores the approval of a commit's author who did not open the pull request", async () => {
    const { repo, base, head } = pullRequest([
      {
        files: {
          [deploymentFile('staging')]: deployment('staging', [
            ['3.3.0', 50],
            ['3.2.0', 50],
          ]),
        },
        author: account('alice'),
      },
      { files: promoteStaging(), author: account('bob'), committer: account('bob') },
    ]);
    const env = prRun(repo, { base, head });
    approve('bob', head);

    // The typed result, from the same GitHub reads the command makes.
    const reviews = await (await connectGateGitHub(env, { log: () => undefined, now: () => NOW })).reviews();
    expect(reviews).toMatchObject({ author: 'alice', commitLogins: ['alice', 'bob'], headSha: head });
    const { report } = await runGate({ dir: repo.dir, base: 'main', head: 'pr', now: NOW, reviews });
    expect(report.verdict).toBe('fail');
    expect(report.checks.find((c) => c.check === 'approvals')?.detail).toMatchObject({
      code: 'reviewed',
      counted: [],
      ignored: [{ login: 'bob', why: 'committer' }],
    });

    const gate = await gateJson(repo, env);
    expect(gate.code).toBe(1);
    expect(gate.verdict).toBe('fail');
    expect(gate.check('approvals')).toEqual({
      check: 'approvals',
      verdict: 'fail',
      reason:
        'needs 1 approval from team:risk-ml for staging/fraud-detector; has none; not counted: bob (author or committer of a commit)',
      evidence: `reviews of ${head.slice(0, 7)}`,
    });
    expect(server!.github.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([[head, 'failure']]);
    expect(server!.github.comments[0]!.body).toContain('bob (author or committer of a commit)');
  }, 60_000);

  it("ignores a pusher who only committed (rebased) the author's commits; the same approval counts when they did not", async () => {
    const rebased = pullRequest([{ files: promoteStaging(), author: account('alice'), committer: account('bob') }]);
    approve('bob', rebased.head);
    const ignored = await gateJson(rebased.repo, prRun(rebased.repo, rebased));
    expect(ignored.code).toBe(1);
    expect(ignored.check('approvals')?.reason).toBe(
      'needs 1 approval from team:risk-ml for staging/fraud-detector; has none; not counted: bob (author or committer of a commit)',
    );
    await server!.close();
    server = await GitHubTestServer.start({ token: TOKEN });

    const own = pullRequest([{ files: promoteStaging(), author: account('alice'), committer: account('alice') }]);
    const env = prRun(own.repo, own);
    approve('bob', own.head);
    const counted = await gateJson(own.repo, env);
    expect(counted.code).toBe(0);
    expect(counted.check('approvals')?.reason).toBe(
      'needs 1 approval from team:risk-ml for staging/fraud-detector; has 1: bob',
    );
  }, 60_000);

  it('cannot match a commit whose email belongs to no GitHub account (documented)', async () => {
    const { repo, base, head } = pullRequest([
      { files: promoteStaging(), author: { name: 'bob', email: 'bob@corp.example' }, committer: account('alice') },
    ]);
    const env = prRun(repo, { base, head });
    approve('bob', head);
    const gate = await gateJson(repo, env);
    expect(gate.code).toBe(0);
    expect(gate.check('approvals')?.reason).toBe(
      'needs 1 approval from team:risk-ml for staging/fraud-detector; has 1: bob',
    );
  }, 60_000);

  it("refuses when GitHub's list of commits does not reach the reviewed head (more than 250 commits)", async () => {
    const { repo, base, head } = pullRequest([{ files: promoteStaging(), author: account('alice') }]);
    // bob's commits past GitHub's 250 are never listed: he must not count because of that.
    for (let i = 0; i < 250; i++)
      server!.github.addCommit({ pr: 21, sha: i.toString(16).padStart(40, '0'), author: 'alice' });
    server!.github.addCommit({ pr: 21, sha: head, author: 'bob' });
    approve('bob', head);
    const env = prRun(repo, { base, head, listed: base });

    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'], {
      env,
      now: NOW,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: GitHub's list of the commits of acme/ml-config#21 does not reach the reviewed head ${head.slice(0, 7)}: who wrote the change cannot be told, so no approval can be counted\nhint: GitHub lists at most 250 commits of a pull request: squash or split it\n`,
    });
    expect(server!.github.checkRuns).toEqual([]);
    expect(server!.github.comments).toEqual([]);
  }, 60_000);

  it('refuses after a force-push: the listed commits no longer hold the reviewed head', async () => {
    const { repo, base, head } = pullRequest([{ files: promoteStaging(), author: account('alice') }]);
    const env = prRun(repo, { base, head, listed: base });
    server!.github.addCommit({ pr: 21, sha: 'f'.repeat(40), author: 'alice' });
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'], {
      env,
      now: NOW,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'hint: the pull request was force-pushed since this run started; the run for its new head decides\n',
    );
  }, 60_000);
});

describe('gate --github: the revision judged is the one the reviews were given on', () => {
  /** A pull request alice wrote and bob approved on `head`; main has moved on since it branched. */
  function reviewed(): { repo: TestRepo; base: string; head: string } {
    const pr = pullRequest([{ files: promoteStaging(), author: account('alice') }]);
    pr.repo.git('checkout', '-q', 'main');
    pr.repo.commit({ 'README.md': 'config for acme-ml\n' }, { date: '2026-11-28T10:00:00Z', message: 'readme' });
    return { ...pr, base: pr.repo.head() };
  }

  /** Checks out (detached) a merge of `theirs` into `ours`, as actions/checkout does for a pull request. */
  function merge(repo: TestRepo, ours: string, theirs: string): string {
    repo.git('checkout', '-q', '--detach', ours);
    repo.gitWith(
      { GIT_AUTHOR_DATE: '2026-11-28T11:00:00Z', GIT_COMMITTER_DATE: '2026-11-28T11:00:00Z' },
      'merge',
      '-q',
      '--no-ff',
      '-m',
      `Merge ${theirs} into ${ours}`,
      theirs,
    );
    return repo.head();
  }

  it('passes on the reviewed head itself', async () => {
    const { repo, head } = reviewed();
    const env = prRun(repo, { base: repo.git('merge-base', 'main', 'pr').trim(), head });
    approve('bob', head);
    const gate = await gateJson(repo, env);
    expect(gate.code).toBe(0);
    expect(gate.check('reviewed-revision')).toEqual({
      check: 'reviewed-revision',
      verdict: 'pass',
      reason: `pr is ${head.slice(0, 7)}, the head the reviews were given on`,
      evidence: `reviews of ${head.slice(0, 7)}`,
    });
  }, 60_000);

  it('passes on the merge of exactly the reviewed head into the base (what actions/checkout checks out)', async () => {
    const { repo, base, head } = reviewed();
    const env = prRun(repo, { base: repo.git('merge-base', 'main', 'pr').trim(), head });
    approve('bob', head);
    const merged = merge(repo, base, head);
    const gate = await gateJson(repo, env, 'HEAD');
    expect(gate.code).toBe(0);
    expect(gate.check('reviewed-revision')).toEqual({
      check: 'reviewed-revision',
      verdict: 'pass',
      reason: `HEAD is ${merged.slice(0, 7)}, a merge of the reviewed head ${head.slice(0, 7)} into main`,
      evidence: `reviews of ${head.slice(0, 7)}`,
    });

    // main has moved on since the merge was made: its first parent is an ancestor of main.
    const older = merge(repo, repo.git('merge-base', 'main', 'pr').trim(), head);
    const again = await gateJson(repo, env, 'HEAD');
    expect(again.code).toBe(0);
    expect(again.check('reviewed-revision')?.reason).toBe(
      `HEAD is ${older.slice(0, 7)}, a merge of the reviewed head ${head.slice(0, 7)} into main`,
    );
  }, 60_000);

  it('fails on a commit pushed after the review (a push racing the approval), exit 1', async () => {
    const { repo, head } = reviewed();
    const forkPoint = repo.git('merge-base', 'main', 'pr').trim();
    approve('bob', head);
    // Pushed after bob approved `head`, and needing no more approvals than it: bob's would count.
    repo.git('checkout', '-q', 'pr');
    const later = repo.commit(
      {
        [deploymentFile('staging')]: deployment(
          'staging',
          [['3.3.0', 100]],
          '  resources: {replicas: {min: 1, max: 2}}\n',
        ),
      },
      { date: '2026-11-28T11:30:00Z', author: account('alice') },
    );
    const env = prRun(repo, { base: forkPoint, head, listed: later });

    const gate = await gateJson(repo, env);
    expect(gate.code).toBe(1);
    expect(gate.verdict).toBe('fail');
    expect(gate.check('approvals')?.verdict).toBe('pass');
    expect(gate.check('reviewed-revision')).toEqual({
      check: 'reviewed-revision',
      verdict: 'fail',
      reason: `pr is ${later.slice(0, 7)}, neither the reviewed head ${head.slice(0, 7)} nor a merge of it into main; approvals of ${head.slice(0, 7)} do not cover it: gate the pull request's head again`,
      evidence: `reviews of ${head.slice(0, 7)}`,
    });
    expect(server!.github.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([[head, 'failure']]);

    // The text report says it on the pull request's lines, and the exit code is 1.
    const text = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'], {
      env,
      now: NOW,
    });
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')).toContain(
      `    ✗ reviewed-revision pr is ${later.slice(0, 7)}, neither the reviewed head ${head.slice(0, 7)} nor a merge of it into main; approvals of ${head.slice(0, 7)} do not cover it: gate the pull request's head again [reviews of ${head.slice(0, 7)}]`,
    );
  }, 60_000);

  it('fails on a merge of a different commit into the base', async () => {
    const { repo, base, head } = reviewed();
    const forkPoint = repo.git('merge-base', 'main', 'pr').trim();
    approve('bob', head);
    repo.git('checkout', '-q', 'pr');
    const later = repo.commit(
      { 'notes.md': 'unreviewed\n' },
      { date: '2026-11-28T11:30:00Z', author: account('alice') },
    );
    const env = prRun(repo, { base: forkPoint, head, listed: later });
    const merged = merge(repo, base, later);

    const gate = await gateJson(repo, env, 'HEAD');
    expect(gate.code).toBe(1);
    expect(gate.check('reviewed-revision')?.reason).toBe(
      `HEAD is ${merged.slice(0, 7)}, neither the reviewed head ${head.slice(0, 7)} nor a merge of it into main (it merges ${later.slice(0, 7)}); approvals of ${head.slice(0, 7)} do not cover it: gate the pull request's head again`,
    );
  }, 60_000);

  it('fails on a merge of the reviewed head into a commit that is not in the base (unreviewed changes as first parent)', async () => {
    const { repo, head } = reviewed();
    const forkPoint = repo.git('merge-base', 'main', 'pr').trim();
    approve('bob', head);
    // An unmerged branch with a change nobody reviewed (dev needs no approval of its own).
    repo.git('checkout', '-q', '-b', 'sneaky', 'main');
    const sneaky = repo.commit(
      { [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]], '  resources: {replicas: {min: 1, max: 9}}\n') },
      { date: '2026-11-28T11:30:00Z', author: account('alice') },
    );
    const env = prRun(repo, { base: forkPoint, head });
    const merged = merge(repo, sneaky, head);

    const gate = await gateJson(repo, env, 'HEAD');
    expect(gate.code).toBe(1);
    expect(gate.check('approvals')?.verdict).toBe('pass');
    expect(gate.check('reviewed-revision')?.reason).toBe(
      `HEAD is ${merged.slice(0, 7)}, neither the reviewed head ${head.slice(0, 7)} nor a merge of it into main (it merges ${head.slice(0, 7)} into a commit that is not in main); approvals of ${head.slice(0, 7)} do not cover it: gate the pull request's head again`,
    );
  }, 60_000);

  it('is not a check without --github (no reviews to match)', async () => {
    const { repo } = reviewed();
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--format', 'json'], {
      now: NOW,
    });
    const doc = JSON.parse(result.stdout) as { checks: CheckJson[] };
    expect(doc.checks.map((c) => c.check)).toEqual(['validation', 'approvals']);
  }, 60_000);
});
