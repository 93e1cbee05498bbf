import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { TEST_TOKEN } from '../support/github-env.js';
import { GitHubTestServer } from '../support/github-server.js';
import { promoteFiles, promoteRepo, deployment, PROD_FILE } from '../support/base-promote.js';

const BRANCH = 'slipway/promote/fraud-detector-4.0.0-prod';

let server: GitHubTestServer | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) {
    await s.close();
    s.assertClean();
  }
});

async function github(): Promise<{ server: GitHubTestServer; env: Record<string, string> }> {
  server = await GitHubTestServer.start({ token: TEST_TOKEN });
  const env = {
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_REPOSITORY: 'acme/ml-config',
    GITHUB_API_URL: server.url,
    SLIPWAY_GITHUB_RETRY_BASE_MS: '1',
    SLIPWAY_GITHUB_SPACE_WRITES: '0',
  };
  return { server, env };
}

const remoteTip = (origin: string, branch: string): string =>
  execFileSync('git', ['--git-dir', origin, 'rev-parse', `refs/heads/${branch}`], { encoding: 'utf8' }).trim();

// Real git processes and a local HTTP server: generous timeouts for loaded CI machines.
describe('promote --pr', { timeout: 120_000 }, () => {
  it('pushes the branch to origin and opens a labelled pull request, then updates it on a re-run', async () => {
    const { repo, origin } = promoteRepo();
    const { server, env } = await github();
    const first = await runCli(
      ['promote', 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10', '--pr', '--repo', repo.dir],
      { env },
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(remoteTip(origin, BRANCH)).toBe(repo.git('rev-parse', BRANCH).trim());
    expect(server.github.pulls).toHaveLength(1);
    const pr = server.github.pulls[0]!;
    expect({
      owner: pr.owner,
      head: pr.head,
      base: pr.base,
      title: pr.title,
      labels: pr.labels,
      state: pr.state,
    }).toEqual({
      owner: 'acme',
      head: BRANCH,
      base: 'main',
      title: 'promote fraud-detector 4.0.0 to prod (canary 10%)',
      labels: ['promotion', 'env:prod'],
      state: 'open',
    });
    expect(pr.body).toContain('<!-- slipway:promotion -->\n## promote fraud-detector 4.0.0 to prod (canary 10%)\n');
    expect(pr.body).toContain('| Traffic before | 3.2.0 100% |\n| Traffic after | 3.2.0 90%, 4.0.0 10% |\n');
    expect(pr.body).toContain('### Gate\n\n');
    expect(pr.body).not.toContain('_Not run: ');
    expect(pr.body).toContain(
      "### Reviewer checklist\n\n- [ ] fraud-detector 4.0.0's metrics meet prod's promotion gates",
    );
    expect(pr.body).toContain('- [ ] The canary share (10%) and how long it runs are agreed with the owners\n');
    expect(pr.body).toContain('- [ ] Rollback plan: `slipway rollback fraud-detector --env prod`\n');
    expect(first.stdout).toContain(`pushed ${BRANCH} to origin\npull request #${pr.number} opened: `);

    // A canary step before merging: the same branch is replaced, the same pull request updated.
    const second = await runCli(
      ['promote', 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '25', '--pr', '--repo', repo.dir],
      { env },
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(server.github.pulls).toHaveLength(1);
    expect(server.github.pulls[0]!.title).toBe('promote fraud-detector 4.0.0 to prod (canary 25%)');
    expect(server.github.pulls[0]!.body).toContain('| Traffic after | 3.2.0 75%, 4.0.0 25% |');
    expect(remoteTip(origin, BRANCH)).toBe(repo.git('rev-parse', BRANCH).trim());
    expect(repo.git('rev-list', '--count', `main..${BRANCH}`).trim()).toBe('1');
    expect(second.stdout).toContain(`pull request #${pr.number} updated: `);
    expect(server.requestsFor('pulls/create')).toHaveLength(1);
    expect(server.requestsFor('pulls/update')).toHaveLength(1);

    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(out).not.toContain(TEST_TOKEN);
  });

  it('labels a rollback `rollback`', async () => {
    const files = promoteFiles();
    files[PROD_FILE] = deployment(
      '    - {version: 3.2.0, percent: 90}    # stable\n    - {version: 4.0.0, percent: 10}',
    );
    const { repo, origin } = promoteRepo(files);
    const { server, env } = await github();
    const r = await runCli(['rollback', 'fraud-detector', '--env', 'prod', '--pr', '--repo', repo.dir], { env });
    expect(r.code).toBe(0);
    const branch = 'slipway/rollback/fraud-detector-3.2.0-prod';
    expect(remoteTip(origin, branch)).toBe(repo.git('rev-parse', branch).trim());
    expect(server.github.pulls.map((p) => [p.head, p.title, p.labels])).toEqual([
      [branch, 'rollback fraud-detector in prod to 3.2.0', ['rollback', 'env:prod']],
    ]);
    expect(server.github.pulls[0]!.body).toContain(
      '- [ ] The incident or regression that prompted this rollback is linked here\n',
    );
  });

  it('refuses before writing anything when GitHub credentials are missing', async () => {
    const { repo } = promoteRepo();
    const state = repo.snapshot();
    const r = await runCli(['promote', 'fraud-detector@4.0.0', '--to', 'prod', '--pr', '--repo', repo.dir], {
      env: { GITHUB_REPOSITORY: 'acme/ml-config' },
    });
    expect(r.stderr.split('\n')[0]).toBe('error: GITHUB_TOKEN is not set; talking to GitHub needs a token');
    expect(r.code).toBe(2);
    expect(repo.snapshot()).toBe(state);
  });

  it("refuses to overwrite a branch on origin that has someone else's commits", async () => {
    const { repo, origin } = promoteRepo();
    const { server, env } = await github();
    repo.git('switch', '-q', '-c', BRANCH);
    repo.commit({ 'notes.md': 'reviewer notes\n' }, { message: 'reviewer work' });
    repo.git('push', '-q', 'origin', BRANCH);
    repo.git('switch', '-q', 'main');
    repo.git('branch', '-q', '-D', BRANCH);
    const pushed = remoteTip(origin, BRANCH);
    const state = repo.snapshot();
    const r = await runCli(['promote', 'fraud-detector@4.0.0', '--to', 'prod', '--pr', '--repo', repo.dir], { env });
    expect(r.stderr).toBe(
      `error: branch ${BRANCH} on origin has commits that slipway did not write\nhint: pass --branch NAME for a new branch, or merge or delete the remote one first\n`,
    );
    expect(r.code).toBe(2);
    expect(repo.snapshot()).toBe(state);
    expect(remoteTip(origin, BRANCH)).toBe(pushed);
    expect(server.requests).toHaveLength(0);
  });
});
