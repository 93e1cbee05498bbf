/**
 * A local stand-in for api.github.com: node:http on 127.0.0.1 (random port) that checks EVERY
 * request against GitHub's published OpenAPI description — the operation (method + path
 * template), path and query parameters, the JSON body — and every response it sends back
 * against the documented response schema. Anything undocumented is a violation: the request is
 * answered 400 and `close()` (or `assertClean()`) fails the test.
 *
 * Behaviour comes from a small stateful fake (`server.github`: reviews, comments, check runs,
 * pull requests, labels) that answers like GitHub, starting from the documented examples.
 * Scenarios override single operations with `on()` or queue one-off replies with `queue()`.
 *
 *   const server = await GitHubTestServer.start({ token: 'ghs_test' });
 *   const client = await createGitHubClient({ token: 'ghs_test', apiUrl: server.url, ...fastClientOptions });
 *   ...
 *   await server.close(); // throws on any violation
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitHub } from './github-fake.js';
import { matchOperation, validateParameters, validateRequestBody, validateResponse } from './github-openapi.js';

export interface GitHubRequest {
  method: string;
  /** Path below the API root, without the query string. */
  path: string;
  operationId: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface GitHubReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedRequest extends GitHubRequest {
  status: number;
}

/** Returns a reply, or undefined to let the fake answer as GitHub would. */
export type Handler = (request: GitHubRequest, server: GitHubTestServer) => GitHubReply | undefined;

export interface ServerOptions {
  /** When set, requests must carry `Authorization: token|Bearer <token>`, else 401 Bad credentials. */
  token?: string;
  /** API root below the host: `/api/v3` mimics GitHub Enterprise Server. */
  basePath?: string;
}

/** Client options that keep retries and throttling waits tiny in tests (never timing-dependent). */
export const fastClientOptions = { retryAfterBaseValue: 1, spaceWrites: false } as const;

const DOCS = 'https://docs.github.com/rest';

/** Canned GitHub error replies of the documented `basic-error` shape. */
export const replies = {
  badCredentials: (): GitHubReply => ({
    status: 401,
    body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' },
  }),
  notFound: (): GitHubReply => ({
    status: 404,
    body: { message: 'Not Found', documentation_url: DOCS, status: '404' },
  }),
  /** 403 for a token without a permission; GitHub names what it would accept in a header. */
  forbidden: (accepted: string): GitHubReply => ({
    status: 403,
    body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' },
    headers: { 'x-accepted-github-permissions': accepted },
  }),
  /** Primary rate limit: 403 with no requests remaining and a reset time (epoch seconds). */
  rateLimited: (resetEpochSeconds: number): GitHubReply => ({
    status: 403,
    body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: DOCS, status: '403' },
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-reset': String(resetEpochSeconds),
    },
  }),
  secondaryRateLimited: (retryAfterSeconds: number): GitHubReply => ({
    status: 403,
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: DOCS,
      status: '403',
    },
    headers: { 'retry-after': String(retryAfterSeconds) },
  }),
  serverError: (): GitHubReply => ({
    status: 502,
    body: { message: 'Server Error', documentation_url: DOCS, status: '502' },
  }),
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class GitHubTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly github: FakeGitHub;
  private readonly overrides = new Map<string, Handler>();
  private readonly queued = new Map<string, GitHubReply[]>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: ServerOptions,
  ) {
    this.github = new FakeGitHub(url);
  }

  static async start(options: ServerOptions = {}): Promise<GitHubTestServer> {
    const basePath = (options.basePath ?? '').replace(/\/+$/, '');
    // eslint-disable-next-line prefer-const -- the handler reads it; it is set once the server listens
    let instance: GitHubTestServer | undefined;
    const server = createServer((req, res) => {
      void instance?.handle(req, res, basePath);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new GitHubTestServer(server, `http://127.0.0.1:${port}${basePath}`, options);
    return instance;
  }

  /** Replaces the fake's behaviour for one operation (return undefined to fall through). */
  on(operationId: string, handler: Handler): this {
    this.overrides.set(operationId, handler);
    return this;
  }

  /** Answers the next calls of an operation with these replies, in order, then behaves normally. */
  queue(operationId: string, ...replyList: GitHubReply[]): this {
    this.queued.set(operationId, [...(this.queued.get(operationId) ?? []), ...replyList]);
    return this;
  }

  requestsFor(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  /** Fails the test if any request or response strayed from GitHub's OpenAPI description. */
  assertClean(): void {
    if (this.violations.length > 0) {
      throw new Error(
        `GitHub test server saw ${this.violations.length} OpenAPI violation(s):\n- ${this.violations.join('\n- ')}`,
      );
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
    this.assertClean();
  }

  private async handle(req: IncomingMessage, res: ServerResponse, basePath: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(req);
    const send = (reply: GitHubReply, recorded?: GitHubRequest) => {
      if (recorded !== undefined) this.requests.push({ ...recorded, status: reply.status });
      const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': `TEST:${this.requests.length}`,
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...reply.headers,
      });
      res.end(payload);
    };
    const reject = (problems: string[], recorded?: GitHubRequest) => {
      const where = `${method} ${url.pathname}${url.search}`;
      for (const problem of problems) this.violations.push(`${where}: ${problem}`);
      // 400 is never retried by Octokit, so a violation surfaces at once.
      send(
        { status: 400, body: { message: `slipway test server: ${problems.join('; ')}`, documentation_url: DOCS } },
        recorded,
      );
    };

    if (!url.pathname.startsWith(basePath)) return reject([`path outside the API root ${basePath}`]);
    const path = url.pathname.slice(basePath.length) || '/';
    const matched = matchOperation(method, path);
    if ('error' in matched) return reject([matched.error]);
    const { operation, pathParams } = matched;

    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    let body: unknown;
    const problems: string[] = [];
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        problems.push('request body is not JSON');
      }
    }
    if (req.headers['user-agent'] === undefined) problems.push('no User-Agent header (GitHub rejects such requests)');
    problems.push(
      ...validateParameters(operation, 'path', pathParams),
      ...validateParameters(operation, 'query', query),
      ...validateRequestBody(operation, body),
    );
    const request: GitHubRequest = {
      method,
      path,
      operationId: operation.operationId,
      params: pathParams,
      query,
      body,
      headers: req.headers,
    };
    if (problems.length > 0) return reject(problems, request);

    if (this.options.token !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (
        auth !== `token ${this.options.token}` &&
        auth !== `Bearer ${this.options.token}` &&
        auth !== `bearer ${this.options.token}`
      ) {
        return send(replies.badCredentials(), request);
      }
    }

    const reply =
      this.queued.get(operation.operationId)?.shift() ??
      this.overrides.get(operation.operationId)?.(request, this) ??
      this.github.answer(request);
    if (reply === undefined) return reject([`no scenario answers ${operation.operationId}`], request);
    const responseProblems = validateResponse(operation, reply.status, reply.body);
    if (responseProblems.length > 0) {
      for (const problem of responseProblems) this.violations.push(`response to ${method} ${path}: ${problem}`);
    }
    send(reply, request);
  }
}
