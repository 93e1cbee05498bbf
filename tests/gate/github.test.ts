import { afterEach, describe, expect, it } from 'vitest';
import { GATE_CHECK_NAME, GATE_COMMENT_MARKER } from '../../src/app/gate-github.js';
import { runCli } from '../support/cli.js';
import { deployment, deploymentFile, DEFAULT_VERSIONS, gateRepo, model, project } from '../support/base-gate.js';
import { mirrorCommits } from '../support/github-commits.js';
import { actionsEnv } from '../support/github-env.js';
import { GitHubTestServer, replies } from '../support/github-server.js';
import { gitRepo, writeFiles, type Files, type TestRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';
import { creditDeployment, creditFile, twoTeamsRepo } from '../support/two-teams-gate.js';
import { digest } from '../support/values.js';

const TOKEN = 'ghs_gateTestToken0123456789';
const NOW = new Date('2026-11-28T12:00:00Z');

let server: GitHubTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** main (`initial`, by default the gate fixture) with 3.3.0 soaked in staging, and a pull request branch `pr` with `files`. */
function pullRequest(files: Files, initial: Files = gateRepo()): { repo: TestRepo; head: string; base: string } {
  const soaked: Files = {};
  for (const env of ['dev', 'staging']) {
    soaked[deploymentFile(env)] = deployment(env, [['3.3.0', 100]]);
    if (initial[creditFile(env)]) soaked[creditFile(env)] = creditDeployment(env, [['3.3.0', 100]]);
  }
  const repo = gitRepo(initial, {
    date: '2026-11-01T10:00:00Z',
    later: [{ files: soaked, date: '2026-11-25T10:00:00Z' }],
  });
  const base = repo.head();
  repo.git('checkout', '-q', '-b', 'pr');
  const head = repo.commit(files, { date: '2026-11-28T09:00:00Z' });
  return { repo, head, base };
}

/**
 * An Actions run of pull request `number` from `pr` into main, with the test timing knobs (no
 * write spacing, millisecond retries); GitHub lists the branch's commits as the pull request's.
 */
function prEnv(
  repo: TestRepo,
  pr: { number: number; head: string; base: string; author: string },
): Record<string, string> {
  mirrorCommits(server!, pr.number, repo, pr.base, pr.head);
  return actionsEnv(
    server!,
    { number: pr.number, headRef: 'pr', headSha: pr.head, baseRef: 'main', baseSha: pr.base, author: pr.author },
    TOKEN,
  );
}

describe('slipway gate --github', () => {
  it('counts reviews from GitHub, comments once (edited on re-runs) and reports a check run', async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const { repo, head, base } = pullRequest({
      [deploymentFile('prod')]: deployment('prod', [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ]),
    });
    server.github.addReview({ pr: 7, user: 'alice', state: 'APPROVED', commitId: head });
    server.github.addReview({ pr: 7, user: 'carol', state: 'APPROVED', commitId: head });
    const env = prEnv(repo, { number: 7, head, base, author: 'alice' });
    const argv = ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'];

    const first = await runCli(argv, { env, now: NOW });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(
      'needs 2 approvals from team:risk-ml-leads for prod/fraud-detector; has 1: carol; not counted: alice (author)',
    );
    expect(server.github.comments).toHaveLength(1);
    expect(server.github.comments[0]!.body).toContain(GATE_COMMENT_MARKER);
    expect(server.github.comments[0]!.body).toContain('### ❌ Slipway gate blocked');
    expect(server.github.checkRuns.map((r) => [r.name, r.headSha, r.conclusion])).toEqual([
      ['slipway/gate', head, 'failure'],
    ]);
    expect(GATE_CHECK_NAME).toBe('slipway/gate');
    // The client gets the command's clock.
    expect(server.requestsFor('checks/create').map((r) => (r.body as { completed_at?: string }).completed_at)).toEqual([
      NOW.toISOString(),
    ]);

    server.github.addReview({ pr: 7, user: 'erin', state: 'APPROVED', commitId: head });
    const second = await runCli(argv, { env, now: NOW });
    expect(second.code).toBe(0);
    expect(server.github.comments).toHaveLength(1);
    expect(server.github.comments[0]!.body).toContain('### ✅ Slipway gate passed');
    expect(server.github.checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    for (const out of [
      first.stdout,
      first.stderr,
      second.stdout,
      second.stderr,
      ...server.github.comments.map((c) => c.body),
    ])
      expect(out).not.toContain(TOKEN);
    server.assertClean();
  }, 120_000);

  it('annotates the offending line of a mutated released version', async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const mutated = model(
      DEFAULT_VERSIONS.map((v) => (v.version === '3.2.0' ? { ...v, metrics: '{auc: 0.99, latency_p99_ms: 41}' } : v)),
    );
    const { repo, head, base } = pullRequest({ 'models/fraud-detector/model.yaml': mutated });
    const result = await runCli(
      ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github', '--format', 'markdown'],
      { env: prEnv(repo, { number: 9, head, base, author: 'alice' }), now: NOW },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('| ✗ | — | `Model/fraud-detector@3.2.0` released version 3.2.0 changed |');
    const [run] = server.github.checkRuns;
    expect(run?.conclusion).toBe('failure');
    expect(run?.annotations).toEqual([
      {
        path: 'models/fraud-detector/model.yaml',
        start_line: 16,
        end_line: 16,
        annotation_level: 'failure',
        title: 'released-version-immutable',
        message:
          'fraud-detector 3.2.0 is approved (released) and changed metrics.auc: 0.912 → 0.99; publish a new version instead',
      },
    ]);
    server.assertClean();
  }, 120_000);

  it("does not count the leads of one model for another model's promotion, where prod's AccessPolicies scope approve", async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const { repo, head, base } = pullRequest(
      {
        [creditFile('prod')]: creditDeployment('prod', [
          ['3.2.0', 90],
          ['3.3.0', 10],
        ]),
      },
      twoTeamsRepo(),
    );
    server.github.addReview({ pr: 12, user: 'carol', state: 'APPROVED', commitId: head });
    server.github.addReview({ pr: 12, user: 'erin', state: 'APPROVED', commitId: head });
    const env = prEnv(repo, { number: 12, head, base, author: 'judy' });
    const argv = ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'];

    const walkAround = await runCli(argv, { env, now: NOW });
    expect(walkAround.code).toBe(1);
    const lines = walkAround.stdout.split('\n');
    expect(lines[0]).toBe('✗ Blocked: 1 of 8 checks failed (approvals) across 1 change.');
    expect(lines).toContain(
      '    ✗ approvals         needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has none; not counted: carol (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it), erin (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it) [reviews of ' +
        head.slice(0, 7) +
        ']',
    );
    expect(server.github.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([[head, 'failure']]);

    server.github.addReview({ pr: 12, user: 'lena', state: 'APPROVED', commitId: head });
    server.github.addReview({ pr: 12, user: 'mike', state: 'APPROVED', commitId: head });
    const own = await runCli(argv, { env, now: NOW });
    expect(own.code).toBe(0);
    expect(server.github.checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    server.assertClean();
  }, 120_000);

  it("takes an owner's approval to release a candidate, not another team's", async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const versions = (status: string) => [...DEFAULT_VERSIONS, { version: '3.6.0', status, digest: digest('07') }];
    const { repo, head, base } = pullRequest(
      { 'models/fraud-detector/model.yaml': model(versions('approved')) },
      { ...gateRepo(), 'models/fraud-detector/model.yaml': model(versions('candidate')) },
    );
    server.github.addReview({ pr: 13, user: 'carol', state: 'APPROVED', commitId: head });
    const env = prEnv(repo, { number: 13, head, base, author: 'alice' });
    const argv = ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github', '--format', 'json'];

    const lead = await runCli(argv, { env, now: NOW });
    expect(lead.code).toBe(1);
    const doc = JSON.parse(lead.stdout) as { checks: Array<{ check: string; verdict: string; reason: string }> };
    expect(doc.checks.map((c) => [c.check, c.verdict, c.reason])).toEqual([
      ['validation', 'pass', 'pr is valid'],
      ['reviewed-revision', 'pass', `pr is ${head.slice(0, 7)}, the head the reviews were given on`],
      [
        'version-approvals',
        'fail',
        'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); has none; not counted: carol (not an owner of fraud-detector)',
      ],
    ]);

    server.github.addReview({ pr: 13, user: 'bob', state: 'APPROVED', commitId: head });
    const owner = await runCli(argv, { env, now: NOW });
    expect(owner.code).toBe(0);
    expect(server.github.checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
    server.assertClean();
  }, 120_000);

  it('takes the timing knobs of the environment, like promote --pr: a rate-limited write is retried in milliseconds', async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const { repo, head, base } = pullRequest({
      [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]], '  resources: {replicas: {min: 1, max: 2}}\n'),
    });
    server.queue('issues/create-comment', replies.secondaryRateLimited(30));
    const started = Date.now();
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'pr', '--github'], {
      env: prEnv(repo, { number: 11, head, base, author: 'alice' }),
      now: NOW,
    });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; retrying in 30s (1/2)\n',
    );
    expect(server.requestsFor('issues/create-comment').map((r) => r.status)).toEqual([403, 201]);
    expect(server.github.checkRuns.map((r) => r.conclusion)).toEqual(['success']);
    // SLIPWAY_GITHUB_RETRY_BASE_MS=1 turns GitHub's 30 s into 30 ms.
    expect(elapsed).toBeLessThan(20_000);
    server.assertClean();
  }, 120_000);

  it('says what is missing outside GitHub Actions, exit 2', async () => {
    // A folder with slipway.yaml: without one, the missing repository would be reported first.
    const dir = tempDir();
    writeFiles(dir, { 'slipway.yaml': project() });
    const result = await runCli(['gate', '--repo', dir, '--base', 'main', '--github'], { env: {}, now: NOW });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('error: GITHUB_TOKEN is not set');
  });
});
