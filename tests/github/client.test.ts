import { inspect } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { createGitHubClient, type GitHubClientOptions } from '../../src/github/octokit.js';
import type { CheckAnnotation, GitHubClient } from '../../src/github/types.js';
import { GitHubTestServer, fastClientOptions, replies } from '../support/github-server.js';

const TOKEN = 'ghs_S3cretT0kenValue0123456789abcdef';
const PR = { owner: 'acme', repo: 'ml-config', number: 42 };
const REPO = { owner: 'acme', repo: 'ml-config' };
const MARKER = '<!-- slipway:gate -->';

let server: GitHubTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  options: Partial<GitHubClientOptions> = {},
  basePath?: string,
): Promise<{ server: GitHubTestServer; client: GitHubClient; logs: string[] }> {
  server = await GitHubTestServer.start({ token: TOKEN, ...(basePath === undefined ? {} : { basePath }) });
  const logs: string[] = [];
  const client = await createGitHubClient({
    token: TOKEN,
    apiUrl: server.url,
    ...fastClientOptions,
    log: (line) => logs.push(line),
    ...options,
  });
  return { server, client, logs };
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('listReviews', () => {
  test('reads every page of a pull request with more than 100 reviews', async () => {
    const { server, client } = await setup();
    for (let i = 0; i < 130; i++) {
      server.github.addReview({
        pr: 42,
        user: `reviewer-${i}`,
        state: i % 3 === 0 ? 'APPROVED' : 'COMMENTED',
        commitId: `sha-${i % 2}`,
      });
    }
    server.github.addReview({ pr: 7, user: 'elsewhere', state: 'APPROVED', commitId: 'x' });

    const reviews = await client.listReviews(PR);

    expect(reviews).toHaveLength(130);
    expect(reviews[0]).toEqual({
      id: 1000,
      user: 'reviewer-0',
      state: 'APPROVED',
      commitId: 'sha-0',
      submittedAt: '2026-11-27T10:00:00Z',
    });
    expect(reviews[129]).toMatchObject({ user: 'reviewer-129', state: 'APPROVED', commitId: 'sha-1' });
    expect(server.requestsFor('pulls/list-reviews').map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
    ]);
  });

  test('a review state GitHub adds later never counts as an approval', async () => {
    const { server, client } = await setup();
    server.github.addReview({ pr: 42, user: 'carol', state: 'APPROVED', commitId: 'abc' });
    server.on('pulls/list-reviews', (request, s) => {
      const body = s.github.answer(request)?.body as Array<Record<string, unknown>>;
      return { status: 200, body: body.map((review) => ({ ...review, state: 'APPROVED_WITH_SUGGESTIONS' })) };
    });
    expect((await client.listReviews(PR)).map((r) => r.state)).toEqual(['COMMENTED']);
  });

  test('a review by a deleted account counts as "ghost", never as an unknown user', async () => {
    const { server, client } = await setup();
    server.on('pulls/list-reviews', (request, s) => {
      const reply = s.github.answer(request);
      const body = reply?.body as Array<Record<string, unknown>>;
      return { status: 200, body: body.map((review) => ({ ...review, user: null })) };
    });
    server.github.addReview({ pr: 42, user: 'gone', state: 'APPROVED', commitId: 'abc' });
    expect(await client.listReviews(PR)).toEqual([
      { id: 1000, user: 'ghost', state: 'APPROVED', commitId: 'abc', submittedAt: '2026-11-27T10:00:00Z' },
    ]);
  });
});

describe('listCommits', () => {
  test("reads every page, with each commit's author and committer logins", async () => {
    const { server, client } = await setup();
    for (let i = 0; i < 120; i++) server.github.addCommit({ pr: 42, sha: `${i}`.padStart(40, 'a'), author: 'alice' });
    server.github.addCommit({ pr: 42, sha: 'b'.repeat(40), author: 'alice', committer: 'bob' });
    server.github.addCommit({ pr: 7, sha: 'c'.repeat(40), author: 'elsewhere' });

    const commits = await client.listCommits(PR);

    expect(commits).toHaveLength(121);
    expect(commits[0]).toEqual({ sha: `${'a'.repeat(39)}0`, logins: ['alice'] });
    expect(commits[120]).toEqual({ sha: 'b'.repeat(40), logins: ['alice', 'bob'] });
    expect(server.requestsFor('pulls/list-commits').map((r) => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' },
    ]);
  });

  test('an author or committer with no GitHub account (null, or an empty object) has no login to match', async () => {
    const { server, client } = await setup();
    server.github.addCommit({ pr: 42, sha: 'd'.repeat(40), author: null, committer: 'bob' });
    server.github.addCommit({ pr: 42, sha: 'e'.repeat(40), author: 'carol', committer: null });
    server.github.addCommit({ pr: 42, sha: 'f'.repeat(40), author: 'dave', committer: 'dave' });
    server.on('pulls/list-commits', (request, s) => {
      const body = s.github.answer(request)?.body as Array<Record<string, unknown>>;
      // GitHub documents `{}` as well as null for an email that belongs to no account.
      return { status: 200, body: body.map((c) => (c.sha === 'f'.repeat(40) ? { ...c, author: {} } : c)) };
    });
    expect(await client.listCommits(PR)).toEqual([
      { sha: 'd'.repeat(40), logins: ['bob'] },
      { sha: 'e'.repeat(40), logins: ['carol'] },
      { sha: 'f'.repeat(40), logins: ['dave'] },
    ]);
  });

  test('names the permission when the token cannot read them', async () => {
    const { server, client } = await setup();
    server.queue('pulls/list-commits', replies.forbidden('pull_requests=read'));
    const error = await userError(client.listCommits(PR));
    expect(error.message).toBe(
      'could not read the commits of acme/ml-config#42: the token lacks the `pull-requests: read` permission (403 Resource not accessible by integration)',
    );
  });
});

describe('upsertComment', () => {
  test('creates the marked comment, then edits it in place on a re-run', async () => {
    const { server, client } = await setup();
    server.github.addComment({ issue: 42, body: 'LGTM', user: 'carol' });

    const first = await client.upsertComment(PR, MARKER, '## Gate: blocked');
    const second = await client.upsertComment(PR, MARKER, '## Gate: passed');

    expect(first).toEqual({ id: 1001, created: true });
    expect(second).toEqual({ id: 1001, created: false });
    expect(server.github.comments.filter((c) => c.issue === 42)).toEqual([
      { id: 1000, issue: 42, body: 'LGTM', user: 'carol' },
      { id: 1001, issue: 42, body: `${MARKER}\n## Gate: passed`, user: 'github-actions[bot]' },
    ]);
    expect(server.requests.map((r) => r.operationId)).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment',
    ]);
  });

  test('finds its comment on a later page of a busy pull request', async () => {
    const { server, client } = await setup();
    for (let i = 0; i < 150; i++) server.github.addComment({ issue: 42, body: `comment ${i}`, user: 'bob' });
    const mine = server.github.addComment({ issue: 42, body: `${MARKER}\nold report`, user: 'github-actions[bot]' });

    expect(await client.upsertComment(PR, MARKER, `${MARKER}\nnew report`)).toEqual({ id: mine.id, created: false });
    expect(mine.body).toBe(`${MARKER}\nnew report`);
    expect(server.github.comments).toHaveLength(151);
    expect(server.requestsFor('issues/list-comments').map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
  });

  test('stops paging once the comment is found', async () => {
    const { server, client } = await setup();
    server.github.addComment({ issue: 42, body: `${MARKER}\nreport`, user: 'github-actions[bot]' });
    for (let i = 0; i < 250; i++) server.github.addComment({ issue: 42, body: `comment ${i}`, user: 'bob' });
    await client.upsertComment(PR, MARKER, 'again');
    expect(server.requestsFor('issues/list-comments')).toHaveLength(1);
  });
});

describe('createCheckRun', () => {
  const annotations = (n: number): CheckAnnotation[] =>
    Array.from({ length: n }, (_, i) => ({
      path: `environments/prod/deployments/m${i}.yaml`,
      startLine: i + 1,
      endLine: i + 1,
      level: 'failure',
      message: `problem ${i}`,
      title: 'traffic-sum',
    }));

  test('sends 120 annotations in batches of 50: one create, then two updates', async () => {
    const { server, client } = await setup({ now: () => new Date('2026-11-28T12:00:00Z') });

    const { id } = await client.createCheckRun(REPO, {
      name: 'slipway/gate',
      headSha: 'a'.repeat(40),
      conclusion: 'failure',
      title: 'Gate blocked: 3 checks failed',
      summary: 'summary text',
      annotations: annotations(120),
    });

    const calls = server.requests.filter((r) => r.operationId.startsWith('checks/'));
    expect(calls.map((r) => r.operationId)).toEqual(['checks/create', 'checks/update', 'checks/update']);
    const sizes = calls.map((r) => (r.body as { output: { annotations: unknown[] } }).output.annotations.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(calls[0]?.body).toMatchObject({
      name: 'slipway/gate',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2026-11-28T12:00:00.000Z',
    });
    expect(calls[1]?.params.check_run_id).toBe(String(id));
    const [run] = server.github.checkRuns;
    expect(run).toMatchObject({
      id,
      name: 'slipway/gate',
      status: 'completed',
      conclusion: 'failure',
      title: 'Gate blocked: 3 checks failed',
      summary: 'summary text',
    });
    expect(run?.annotations.map((a) => a.start_line)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(run?.annotations[7]).toEqual({
      path: 'environments/prod/deployments/m7.yaml',
      start_line: 8,
      end_line: 8,
      annotation_level: 'failure',
      message: 'problem 7',
      title: 'traffic-sum',
    });
  });

  test('a run without annotations is a single create', async () => {
    const { server, client } = await setup();
    await client.createCheckRun(REPO, {
      name: 'slipway/gate',
      headSha: 'b'.repeat(40),
      conclusion: 'success',
      title: 'Gate passed',
      summary: 'ok',
      annotations: [],
    });
    expect(server.requests.map((r) => r.operationId)).toEqual(['checks/create']);
    expect(server.github.checkRuns[0]).toMatchObject({ conclusion: 'success', annotations: [] });
  });

  test('the details link points where the caller says (the Actions run)', async () => {
    const { server, client } = await setup();
    const detailsUrl = 'https://github.com/acme/ml-config/actions/runs/99';
    await client.createCheckRun(REPO, {
      name: 'slipway/gate',
      headSha: 'b'.repeat(40),
      conclusion: 'action_required',
      title: 'Gate pending',
      summary: 'needs approvals',
      annotations: [],
      detailsUrl,
    });
    expect(server.requestsFor('checks/create')[0]?.body).toMatchObject({
      conclusion: 'action_required',
      details_url: detailsUrl,
    });
  });

  test('exactly 50 annotations need no update', async () => {
    const { server, client } = await setup();
    await client.createCheckRun(REPO, {
      name: 'slipway/gate',
      headSha: 'c'.repeat(40),
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations: annotations(50),
    });
    expect(server.requests.map((r) => r.operationId)).toEqual(['checks/create']);
  });
});

describe('upsertPullRequest', () => {
  const input = {
    head: 'slipway/promote/fraud-detector-4.0.0-prod',
    base: 'main',
    title: 'promote fraud-detector 4.0.0 to prod (canary 10%)',
    body: 'report v1',
    labels: ['promotion', 'env:prod'],
  };

  test('opens the pull request, then updates the same one for the same branch', async () => {
    const { server, client } = await setup();
    server.github.addPullRequest({ owner: 'acme', head: 'other-branch', base: 'main', title: 'unrelated', body: '' });

    const opened = await client.upsertPullRequest(REPO, input);
    const updated = await client.upsertPullRequest(REPO, {
      ...input,
      title: 'promote fraud-detector 4.0.0 to prod (canary 50%)',
      body: 'report v2',
    });

    expect(opened).toEqual({ number: 1001, url: 'https://github.test/acme/ml-config/pull/1001', created: true });
    expect(updated).toEqual({ number: 1001, url: 'https://github.test/acme/ml-config/pull/1001', created: false });
    const mine = server.github.pulls.filter((pr) => pr.head === input.head);
    expect(mine).toEqual([
      {
        number: 1001,
        owner: 'acme',
        head: input.head,
        base: 'main',
        title: 'promote fraud-detector 4.0.0 to prod (canary 50%)',
        body: 'report v2',
        state: 'open',
        labels: ['promotion', 'env:prod'],
      },
    ]);
    expect(server.requestsFor('pulls/list').map((r) => r.query)).toEqual([
      { head: `acme:${input.head}`, state: 'open', per_page: '100' },
      { head: `acme:${input.head}`, state: 'open', per_page: '100' },
    ]);
    expect(server.requests.map((r) => r.operationId)).toEqual([
      'pulls/list',
      'pulls/create',
      'issues/add-labels',
      'pulls/list',
      'pulls/update',
      'issues/add-labels',
    ]);
    expect(server.requestsFor('pulls/create')[0]?.body).toEqual({
      head: input.head,
      base: 'main',
      title: input.title,
      body: 'report v1',
    });
  });

  test('a closed pull request from the same branch is not reused', async () => {
    const { server, client } = await setup();
    server.github.addPullRequest({
      owner: 'acme',
      head: input.head,
      base: 'main',
      title: 'old',
      body: '',
      state: 'closed',
    });
    expect(await client.upsertPullRequest(REPO, { ...input, labels: [] })).toMatchObject({ created: true });
    expect(server.requestsFor('issues/add-labels')).toHaveLength(0);
  });
});

describe('rate limits and retries', () => {
  test('a 403 rate limit is waited out, then the request succeeds', async () => {
    const { server, client, logs } = await setup();
    server.github.addReview({ pr: 42, user: 'carol', state: 'APPROVED', commitId: 'abc' });
    server.queue('pulls/list-reviews', replies.rateLimited(Math.floor(Date.now() / 1000)));

    expect(await client.listReviews(PR)).toHaveLength(1);
    expect(server.requestsFor('pulls/list-reviews').map((r) => r.status)).toEqual([403, 200]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      /^GitHub rate limit on GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/ml-config\/pulls\/42\/reviews\?per_page=100; retrying in \d+s \(1\/2\)$/,
    );
  });

  test('a secondary rate limit on a write is retried', async () => {
    const { server, client } = await setup();
    server.queue('issues/create-comment', replies.secondaryRateLimited(1));
    expect(await client.upsertComment(PR, MARKER, 'report')).toMatchObject({ created: true });
    expect(server.requestsFor('issues/create-comment').map((r) => r.status)).toEqual([403, 201]);
    expect(server.github.comments).toHaveLength(1);
  });

  test('a 502 is retried', async () => {
    const { server, client } = await setup();
    server.queue('pulls/list-reviews', replies.serverError());
    expect(await client.listReviews(PR)).toEqual([]);
    expect(server.requestsFor('pulls/list-reviews').map((r) => r.status)).toEqual([502, 200]);
  });

  test('a rate limit that outlasts the retries fails with a clear message', async () => {
    const { server, client } = await setup({ retries: 1 });
    const reset = Math.floor(Date.now() / 1000);
    server.queue(
      'pulls/list-reviews',
      replies.rateLimited(reset),
      replies.rateLimited(reset),
      replies.rateLimited(reset),
    );
    const error = await userError(client.listReviews(PR));
    expect(error.message).toBe(
      "could not read the reviews of acme/ml-config#42: GitHub's rate limit is exhausted (403 API rate limit exceeded for installation ID 1.)",
    );
    expect(error.hint).toBe(`the limit resets at ${new Date(reset * 1000).toISOString()}; re-run the job after that`);
    expect(server.requestsFor('pulls/list-reviews')).toHaveLength(2);
  });

  test('a reset an hour away is not sat out in CI', async () => {
    const { server, client } = await setup();
    server.queue('pulls/list-reviews', { ...replies.rateLimited(Math.floor(Date.now() / 1000) + 3600), status: 429 });
    const error = await userError(client.listReviews(PR));
    expect(error.message).toMatch(/GitHub's rate limit is exhausted \(429 /);
    expect(server.requestsFor('pulls/list-reviews')).toHaveLength(1);
  });
});

describe('errors a user can act on', () => {
  test('a bad token says so (401), and names how to fix it', async () => {
    server = await GitHubTestServer.start({ token: TOKEN });
    const client = await createGitHubClient({
      token: 'ghp_wrongTokenValue999',
      apiUrl: server.url,
      ...fastClientOptions,
    });
    const error = await userError(client.listReviews(PR));
    expect(error.message).toBe(
      'could not read the reviews of acme/ml-config#42: GitHub rejected the token (401 Bad credentials); it is malformed, expired or revoked',
    );
    expect(error.hint).toBe(
      'set GITHUB_TOKEN to a valid token; in a workflow use `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`',
    );
    expect(error.kind).toBe('usage');
    expect(server.requests).toHaveLength(1);
    expect(inspect(error, { depth: 20 })).not.toContain('ghp_wrongTokenValue999');
  });

  test("a missing permission is named, from GitHub's accepted-permissions header", async () => {
    const { server, client } = await setup();
    server.queue('checks/create', replies.forbidden('checks=write'));
    const error = await userError(
      client.createCheckRun(REPO, {
        name: 'slipway/gate',
        headSha: 'a'.repeat(40),
        conclusion: 'success',
        title: 't',
        summary: 's',
        annotations: [],
      }),
    );
    expect(error.message).toBe(
      'could not create the check run slipway/gate on acme/ml-config: the token lacks the `checks: write` permission (403 Resource not accessible by integration)',
    );
    expect(error.hint).toBe(
      'grant it in the workflow: `permissions:` with `checks: write` (or give the token that scope)',
    );
  });

  test('without that header, the permission the operation needs is named', async () => {
    const { server, client } = await setup();
    server.queue('issues/create-comment', { ...replies.forbidden(''), headers: {} });
    const error = await userError(client.upsertComment(PR, MARKER, 'body'));
    expect(error.message).toBe(
      'could not comment on acme/ml-config#42: the token lacks the `pull-requests: write` permission (403 Resource not accessible by integration)',
    );
  });

  test('a pull request that does not exist (or cannot be seen) is a 404 message', async () => {
    const { server, client } = await setup();
    server.queue('pulls/list-reviews', replies.notFound());
    const error = await userError(client.listReviews(PR));
    expect(error.message).toBe(
      'could not read the reviews of acme/ml-config#42: pull request acme/ml-config#42 was not found, or the token cannot see it (404)',
    );
  });

  test('an unreachable API names the network', async () => {
    const probe = await GitHubTestServer.start();
    const url = probe.url;
    await probe.close();
    const client = await createGitHubClient({ token: TOKEN, apiUrl: url, ...fastClientOptions, retries: 0 });
    const error = await userError(client.listReviews(PR));
    expect(error.message).toMatch(/^could not read the reviews of acme\/ml-config#42: GitHub did not answer/);
    expect(error.hint).toBe('check GITHUB_API_URL and the network, then re-run the job');
  });
});

test('GitHub Enterprise: the API root from GITHUB_API_URL is used as is (/api/v3)', async () => {
  const { server, client } = await setup({}, '/api/v3');
  expect(server.url).toMatch(/\/api\/v3$/);
  await client.upsertComment(PR, MARKER, 'hello');
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /repos/acme/ml-config/issues/42/comments',
    'POST /repos/acme/ml-config/issues/42/comments',
  ]);
});

test('the token never appears in logs, messages, hints or error causes', async () => {
  const { server, client, logs } = await setup();
  // Make GitHub echo the token back in every message it sends, the worst case.
  const echo = `token ${TOKEN} is not welcome`;
  server.queue('pulls/list-reviews', {
    ...replies.rateLimited(Math.floor(Date.now() / 1000)),
    body: { message: `API rate limit exceeded: ${echo}` },
  });
  await client.listReviews(PR);
  const failures: UserError[] = [];
  for (const reply of [
    replies.badCredentials(),
    replies.forbidden('checks=write'),
    replies.notFound(),
    { status: 422, body: { message: echo } },
  ]) {
    server.queue('issues/list-comments', {
      ...reply,
      body: { message: `${String((reply.body as { message: string }).message)} ${echo}` },
    });
    failures.push(await userError(client.upsertComment(PR, MARKER, 'x')));
  }
  expect(logs.length).toBeGreaterThan(0);
  expect(failures.map((f) => f.message).join('\n')).toContain('***');
  for (const text of [...logs, ...failures.flatMap((f) => [f.message, f.hint ?? ''])])
    expect(text).not.toContain(TOKEN);
});

test('the error cause keeps the request for debugging, with the authorization header redacted', async () => {
  const { server, client } = await setup();
  server.queue('checks/create', replies.forbidden('checks=write'));
  const error = await userError(
    client.createCheckRun(REPO, {
      name: 'slipway/gate',
      headSha: 'a'.repeat(40),
      conclusion: 'success',
      title: 't',
      summary: 's',
      annotations: [],
    }),
  );
  const dump = inspect(error, { depth: 20 });
  expect(dump).toContain('[REDACTED]');
  expect(dump).not.toContain(TOKEN);
});
