import { expect, test } from 'vitest';
import { clientOptions, connectGitHub } from '../../src/github/connect.js';
import { GitHubTestServer, replies } from '../support/github-server.js';

const TOKEN = 'ghs_connectToken000111222';

test('timing knobs come from the environment, and only when well formed', () => {
  const context = { token: TOKEN, apiUrl: 'https://ghe.acme.test/api/v3' };
  expect(clientOptions(context, {})).toEqual({ token: TOKEN, apiUrl: 'https://ghe.acme.test/api/v3' });
  expect(clientOptions(context, { SLIPWAY_GITHUB_RETRY_BASE_MS: '1', SLIPWAY_GITHUB_SPACE_WRITES: '0' })).toEqual({
    token: TOKEN,
    apiUrl: 'https://ghe.acme.test/api/v3',
    retryAfterBaseValue: 1,
    spaceWrites: false,
  });
  expect(clientOptions(context, { SLIPWAY_GITHUB_RETRY_BASE_MS: 'soon', SLIPWAY_GITHUB_SPACE_WRITES: '1' })).toEqual({
    token: TOKEN,
    apiUrl: 'https://ghe.acme.test/api/v3',
  });
  const log = (_line: string) => {};
  const now = () => new Date('2026-11-28T12:00:00Z');
  expect(clientOptions(context, { SLIPWAY_GITHUB_SPACE_WRITES: '0' }, { log, now })).toEqual({
    token: TOKEN,
    apiUrl: 'https://ghe.acme.test/api/v3',
    spaceWrites: false,
    log,
    now,
  });
});

test('a connected client retries a rate limit and reports it through the log, without the token', async () => {
  const server = await GitHubTestServer.start({ token: TOKEN });
  const lines: string[] = [];
  const client = await connectGitHub(
    { token: TOKEN, apiUrl: server.url },
    { SLIPWAY_GITHUB_RETRY_BASE_MS: '1', SLIPWAY_GITHUB_SPACE_WRITES: '0' },
    { log: (line) => lines.push(line) },
  );
  server.queue('issues/create-comment', replies.secondaryRateLimited(2));
  expect(await client.upsertComment({ owner: 'acme', repo: 'cfg', number: 3 }, '<!-- m -->', 'hi')).toEqual({
    id: 1000,
    created: true,
  });
  expect(lines).toEqual([
    'GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; retrying in 2s (1/2)',
  ]);
  expect(lines.join('')).not.toContain(TOKEN);
  await server.close();
});
