// The OpenAPI-checking test server must itself be able to fail: these prove it rejects what
// GitHub would not accept, so the client tests' green means something.
import { afterEach, expect, test } from 'vitest';
import { GitHubTestServer } from '../support/github-server.js';

let server: GitHubTestServer | undefined;
afterEach(async () => {
  // Violations are these tests' subject: close without failing on them.
  await server?.close().catch(() => undefined);
  server = undefined;
});

async function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; link: string | null }> {
  server ??= await GitHubTestServer.start();
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'user-agent': 'test', 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json(), link: response.headers.get('link') };
}

test('an undocumented path is a violation', async () => {
  expect((await send('GET', '/repos/acme/cfg/slipway-things')).status).toBe(400);
  expect(server?.violations).toEqual([
    'GET /repos/acme/cfg/slipway-things: no documented path matches /repos/acme/cfg/slipway-things',
  ]);
  await expect(server?.close()).rejects.toThrow(/1 OpenAPI violation/);
});

test('an undocumented method on a documented path is a violation', async () => {
  expect((await send('DELETE', '/repos/acme/cfg/pulls/1/reviews')).status).toBe(400);
  expect(server?.violations).toEqual([
    'DELETE /repos/acme/cfg/pulls/1/reviews: DELETE is not documented for /repos/acme/cfg/pulls/1/reviews',
  ]);
});

test('a request body that breaks the documented schema is a violation', async () => {
  await send('POST', '/repos/acme/cfg/check-runs', {
    name: 'slipway/gate',
    head_sha: 'abc',
    conclusion: 'mostly-fine',
    output: { title: 't' },
  });
  expect(server?.violations.join('\n')).toMatch(/request body\/conclusion must be equal to one of the allowed values/);
  expect(server?.violations.join('\n')).toMatch(/request body\/output must have required property 'summary'/);
  expect(server?.github.checkRuns).toEqual([]);
});

test('a missing required body and a wrong path parameter type are violations', async () => {
  await send('POST', '/repos/acme/cfg/issues/not-a-number/comments');
  expect(server?.violations).toEqual([
    'POST /repos/acme/cfg/issues/not-a-number/comments: path parameters/issue_number must be integer',
    'POST /repos/acme/cfg/issues/not-a-number/comments: issues/create-comment requires a request body',
  ]);
});

test('an unknown or ill-typed query parameter is a violation', async () => {
  await send('GET', '/repos/acme/cfg/pulls?state=merged&colour=blue');
  expect(server?.violations.join('\n')).toMatch(/query parameters\/state must be equal to one of the allowed values/);
  expect(server?.violations.join('\n')).toMatch(/query parameters must NOT have additional properties \(colour\)/);
});

test('a documented operation nobody answers is a violation', async () => {
  await send('GET', '/repos/acme/cfg');
  expect(server?.violations).toEqual(['GET /repos/acme/cfg: no scenario answers repos/get']);
});

test('a scenario reply of the wrong shape is a violation', async () => {
  server = await GitHubTestServer.start();
  server.on('pulls/list-reviews', () => ({ status: 200, body: [{ id: 'one' }] }));
  await send('GET', '/repos/acme/cfg/pulls/1/reviews');
  expect(server.violations[0]).toMatch(/^response to GET \/repos\/acme\/cfg\/pulls\/1\/reviews: 200 response\/0/);
});

test('a wrong token gets 401 Bad credentials', async () => {
  server = await GitHubTestServer.start({ token: 'right' });
  const reply = await send('GET', '/repos/acme/cfg/pulls/1/reviews', undefined, { authorization: 'token wrong' });
  expect(reply).toMatchObject({ status: 401, body: { message: 'Bad credentials' } });
  await server.close();
});

test('lists are paginated with a Link header', async () => {
  server = await GitHubTestServer.start();
  for (let i = 0; i < 5; i++) server.github.addReview({ pr: 1, user: `u${i}`, state: 'APPROVED', commitId: 'c' });
  const page2 = await send('GET', '/repos/acme/cfg/pulls/1/reviews?per_page=2&page=2');
  expect((page2.body as unknown[]).length).toBe(2);
  const base = `${server.url}/repos/acme/cfg/pulls/1/reviews?per_page=2&page=`;
  expect(page2.link).toBe(
    `<${base}1>; rel="prev", <${base}1>; rel="first", <${base}3>; rel="next", <${base}3>; rel="last"`,
  );
  await server.close();
});
