import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { readActionsContext, readRepositoryContext, repositoryFromRemote } from '../../src/github/context.js';
import { tempDir } from '../support/tree.js';
import { GitHubTestServer } from '../support/github-server.js';
import { actionsEnv as serverEnv, TEST_TOKEN } from '../support/github-env.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'github');
const TOKEN = 'ghs_contextTokenValue42';

function actionsEnv(event: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: 'acme/ml-config',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: join(FIXTURES, `${event}.json`),
    ...extra,
  };
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<UserError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const PULL_REQUEST = {
  owner: 'acme',
  repo: 'ml-config',
  number: 42,
  headSha: '9f2c1e0b5a3d4c6e7f8091a2b3c4d5e6f7a8b9c0',
  headRef: 'slipway/promote/fraud-detector-4.0.0-prod',
  baseRef: 'main',
  baseSha: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d',
  author: 'alice',
};

describe('readActionsContext', () => {
  test('a pull_request event', async () => {
    expect(await readActionsContext(actionsEnv('pull_request'))).toEqual({
      token: TOKEN,
      apiUrl: 'https://api.github.com',
      owner: 'acme',
      repo: 'ml-config',
      event: 'pull_request',
      pullRequest: PULL_REQUEST,
    });
  });

  test('a pull_request_review event reads the same pull request (the author, not the reviewer)', async () => {
    const context = await readActionsContext(actionsEnv('pull_request_review'));
    expect(context.event).toBe('pull_request_review');
    expect(context.pullRequest).toEqual(PULL_REQUEST);
  });

  test('without GITHUB_EVENT_NAME the event is recognised from the payload', async () => {
    const context = await readActionsContext(actionsEnv('pull_request_review', { GITHUB_EVENT_NAME: undefined }));
    expect(context.event).toBe('pull_request_review');
  });

  test('GITHUB_API_URL points at GitHub Enterprise (trailing slash dropped)', async () => {
    const context = await readActionsContext(
      actionsEnv('pull_request', { GITHUB_API_URL: 'https://ghe.acme.test/api/v3/' }),
    );
    expect(context.apiUrl).toBe('https://ghe.acme.test/api/v3');
  });

  test('the Actions run page, from GITHUB_SERVER_URL and GITHUB_RUN_ID', async () => {
    const context = await readActionsContext(
      actionsEnv('pull_request', { GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '123456789' }),
    );
    expect(context.runUrl).toBe('https://github.com/acme/ml-config/actions/runs/123456789');
    expect(
      (await readActionsContext(actionsEnv('pull_request', { GITHUB_SERVER_URL: 'https://github.com' }))).runUrl,
    ).toBeUndefined();
  });

  test('a push event is refused, naming the supported ones', async () => {
    const error = await failure(readActionsContext(actionsEnv('push')));
    expect(error.message).toBe('slipway gate --github does not support the "push" event');
    expect(error.hint).toMatch(/^run it on: pull_request or pull_request_review/);
  });

  test('pull_request_target is refused', async () => {
    const error = await failure(
      readActionsContext(actionsEnv('pull_request', { GITHUB_EVENT_NAME: 'pull_request_target' })),
    );
    expect(error.message).toBe('slipway gate --github does not support the "pull_request_target" event');
  });

  test('a payload without a pull request is refused with the field that is missing', async () => {
    const error = await failure(
      readActionsContext(actionsEnv('pull_request', { GITHUB_EVENT_PATH: join(FIXTURES, 'push.json') })),
    );
    expect(error.message).toMatch(/^the event payload in .*push\.json is not a pull request event \(pull_request: /);
  });

  test.each([
    ['GITHUB_TOKEN', 'GITHUB_TOKEN is not set; talking to GitHub needs a token'],
    ['GITHUB_REPOSITORY', 'GITHUB_REPOSITORY is not set; --github needs it'],
    ['GITHUB_EVENT_PATH', 'GITHUB_EVENT_PATH is not set; --github needs it'],
  ])('missing %s', async (name, message) => {
    const error = await failure(readActionsContext(actionsEnv('pull_request', { [name]: undefined })));
    expect(error.message).toBe(message);
    expect(error.kind).toBe('usage');
  });

  test('GH_TOKEN stands in for GITHUB_TOKEN', async () => {
    const context = await readActionsContext(
      actionsEnv('pull_request', { GITHUB_TOKEN: undefined, GH_TOKEN: 'gho_local' }),
    );
    expect(context.token).toBe('gho_local');
  });

  test('an unreadable or non-JSON event file', async () => {
    const missing = await failure(
      readActionsContext(actionsEnv('pull_request', { GITHUB_EVENT_PATH: '/nonexistent/event.json' })),
    );
    expect(missing.message).toBe('cannot read GITHUB_EVENT_PATH /nonexistent/event.json: ENOENT');
    const dir = await tempDir();
    const broken = join(dir, 'event.json');
    await writeFile(broken, '{"pull_request": ');
    const invalid = await failure(readActionsContext(actionsEnv('pull_request', { GITHUB_EVENT_PATH: broken })));
    expect(invalid.message).toBe(`GITHUB_EVENT_PATH ${broken} is not valid JSON`);
  });
});

describe('readRepositoryContext', () => {
  test('a malformed GITHUB_REPOSITORY', async () => {
    const error = await failure(() => readRepositoryContext({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'just-a-name' }));
    expect(error.message).toBe('GITHUB_REPOSITORY must look like owner/repo, got "just-a-name"');
  });

  test('a GITHUB_API_URL that is not a URL', async () => {
    const error = await failure(() =>
      readRepositoryContext({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'a/b', GITHUB_API_URL: 'ghe.acme.test' }),
    );
    expect(error.message).toBe('GITHUB_API_URL must be an http(s) URL, got "ghe.acme.test"');
  });

  test('an explicit repository (from the git remote) needs no GITHUB_REPOSITORY', () => {
    expect(readRepositoryContext({ GITHUB_TOKEN: TOKEN }, { owner: 'acme', repo: 'cfg' })).toEqual({
      token: TOKEN,
      apiUrl: 'https://api.github.com',
      owner: 'acme',
      repo: 'cfg',
    });
  });

  test('error messages never carry the token', async () => {
    const error = await failure(() => readRepositoryContext({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: TOKEN }));
    expect(error.message).not.toContain(TOKEN);
  });
});

test.each([
  ['git@github.com:acme/ml-config.git', { owner: 'acme', repo: 'ml-config' }],
  ['https://github.com/acme/ml-config', { owner: 'acme', repo: 'ml-config' }],
  ['https://github.com/acme/ml-config.git', { owner: 'acme', repo: 'ml-config' }],
  ['https://x-access-token:abc@github.com/acme/ml.config.git', { owner: 'acme', repo: 'ml.config' }],
  ['ssh://git@ghe.acme.test:2222/acme/ml-config.git', { owner: 'acme', repo: 'ml-config' }],
  ['/tmp/origin.git', undefined],
])('repositoryFromRemote(%s)', (url, expected) => {
  expect(repositoryFromRemote(url)).toEqual(expected);
});

test('the actionsEnv test helper produces a context the reader accepts', async () => {
  const server = await GitHubTestServer.start();
  const env = serverEnv(server, {
    event: 'pull_request_review',
    number: 9,
    headSha: 'h'.repeat(40),
    baseRef: 'release',
    author: 'bob',
  });
  const context = await readActionsContext(env);
  expect(context).toMatchObject({
    token: TEST_TOKEN,
    apiUrl: server.url,
    event: 'pull_request_review',
    owner: 'acme',
    repo: 'ml-config',
  });
  expect(context.pullRequest).toEqual({
    owner: 'acme',
    repo: 'ml-config',
    number: 9,
    headSha: 'h'.repeat(40),
    headRef: 'feature',
    baseRef: 'release',
    baseSha: 'b'.repeat(40),
    author: 'bob',
  });
  await server.close();
});
