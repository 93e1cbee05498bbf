/**
 * The state behind the test GitHub server: reviews, pull request commits, issue comments, check
 * runs, pull requests and labels, answered the way GitHub does (pagination with Link headers, 404 for unknown ids,
 * 422 for a second open pull request from one branch). Response bodies start from GitHub's
 * documented examples so they carry every documented field.
 */
import { documentedExample, type JsonObject } from './github-openapi.js';
import type { GitHubReply, GitHubRequest } from './github-server.js';

export interface FakeReview {
  id: number;
  pr: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

/** A pull request's commit; a null login is a name and email GitHub maps to no account. */
export interface FakeCommit {
  pr: number;
  sha: string;
  author: string | null;
  committer: string | null;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title: string;
  summary: string;
  annotations: FakeAnnotation[];
}

export interface FakePullRequest {
  number: number;
  owner: string;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub lists at most this many commits of a pull request, whatever the page. */
const PULL_REQUEST_COMMIT_LIMIT = 250;

function object(value: unknown): JsonObject {
  return value as JsonObject;
}

function first(list: unknown): JsonObject {
  return object((list as unknown[])[0]);
}

export class FakeGitHub {
  readonly reviews: FakeReview[] = [];
  /** Oldest first, as GitHub lists them. */
  readonly commits: FakeCommit[] = [];
  readonly comments: FakeComment[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  readonly pulls: FakePullRequest[] = [];
  /** The login the token belongs to: author of comments the client creates. */
  botLogin = 'github-actions[bot]';
  private nextId = 1000;

  constructor(private readonly apiUrl: string) {}

  id(): number {
    return this.nextId++;
  }

  addReview(review: Omit<FakeReview, 'id' | 'submittedAt'> & { submittedAt?: string }): FakeReview {
    const stored = { id: this.id(), submittedAt: '2026-11-27T10:00:00Z', ...review };
    this.reviews.push(stored);
    return stored;
  }

  /** A commit of pull request `pr`; `committer` defaults to the author, as for a local commit. */
  addCommit(commit: Omit<FakeCommit, 'committer'> & Partial<Pick<FakeCommit, 'committer'>>): FakeCommit {
    const stored = { committer: commit.author, ...commit };
    this.commits.push(stored);
    return stored;
  }

  addComment(comment: Omit<FakeComment, 'id'>): FakeComment {
    const stored = { id: this.id(), ...comment };
    this.comments.push(stored);
    return stored;
  }

  addPullRequest(
    pr: Omit<FakePullRequest, 'number' | 'state' | 'labels'> &
      Partial<Pick<FakePullRequest, 'number' | 'state' | 'labels'>>,
  ): FakePullRequest {
    const stored: FakePullRequest = { number: this.id(), state: 'open', labels: [], ...pr };
    this.pulls.push(stored);
    return stored;
  }

  answer(request: GitHubRequest): GitHubReply | undefined {
    const { params, query } = request;
    const body = object(request.body ?? {});
    switch (request.operationId) {
      case 'pulls/list-reviews':
        return this.page(
          request,
          this.reviews.filter((r) => r.pr === Number(params.pull_number)).map((r) => this.reviewJson(r, params)),
        );
      case 'pulls/list-commits':
        return this.page(
          request,
          this.commits
            .filter((c) => c.pr === Number(params.pull_number))
            .slice(0, PULL_REQUEST_COMMIT_LIMIT)
            .map((c) => this.commitJson(c, params)),
        );
      case 'issues/list-comments':
        return this.page(
          request,
          this.comments.filter((c) => c.issue === Number(params.issue_number)).map((c) => this.commentJson(c, params)),
        );
      case 'issues/create-comment': {
        const comment = this.addComment({
          issue: Number(params.issue_number),
          body: String(body.body),
          user: this.botLogin,
        });
        return { status: 201, body: this.commentJson(comment, params) };
      }
      case 'issues/update-comment': {
        const comment = this.comments.find((c) => c.id === Number(params.comment_id));
        if (comment === undefined) return notFound();
        comment.body = String(body.body);
        return { status: 200, body: this.commentJson(comment, params) };
      }
      case 'checks/create': {
        const output = object(body.output ?? {});
        const run: FakeCheckRun = {
          id: this.id(),
          name: String(body.name),
          headSha: String(body.head_sha),
          status: body.conclusion !== undefined ? 'completed' : String(body.status ?? 'queued'),
          conclusion: body.conclusion === undefined ? null : String(body.conclusion),
          title: String(output.title ?? ''),
          summary: String(output.summary ?? ''),
          annotations: ((output.annotations ?? []) as unknown as FakeAnnotation[]).map((a) => ({ ...a })),
        };
        this.checkRuns.push(run);
        return { status: 201, body: this.checkRunJson(run, params) };
      }
      case 'checks/update': {
        const run = this.checkRuns.find((r) => r.id === Number(params.check_run_id));
        if (run === undefined) return notFound();
        if (body.output !== undefined) {
          const output = object(body.output);
          run.title = String(output.title ?? run.title);
          run.summary = String(output.summary ?? run.summary);
          // GitHub appends annotations sent with each update.
          run.annotations.push(...((output.annotations ?? []) as unknown as FakeAnnotation[]));
        }
        if (body.conclusion !== undefined) run.conclusion = String(body.conclusion);
        return { status: 200, body: this.checkRunJson(run, params) };
      }
      case 'pulls/list': {
        const state = query.state ?? 'open';
        const matches = this.pulls.filter(
          (pr) =>
            pr.owner === params.owner &&
            (state === 'all' || pr.state === state) &&
            (query.head === undefined || `${pr.owner}:${pr.head}` === query.head) &&
            (query.base === undefined || pr.base === query.base),
        );
        return this.page(
          request,
          matches.map((pr) => this.pullJson(pr, params)),
        );
      }
      case 'pulls/create': {
        const head = String(body.head);
        const branch = head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
        if (this.pulls.some((pr) => pr.state === 'open' && pr.owner === params.owner && pr.head === branch)) {
          return {
            status: 422,
            body: {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: `A pull request already exists for ${params.owner}:${branch}.`,
                },
              ],
              documentation_url: DOCS,
            },
          };
        }
        const pr = this.addPullRequest({
          owner: String(params.owner),
          head: branch,
          base: String(body.base),
          title: String(body.title ?? ''),
          body: String(body.body ?? ''),
        });
        return { status: 201, body: this.pullJson(pr, params) };
      }
      case 'pulls/update': {
        const pr = this.pulls.find((p) => p.number === Number(params.pull_number));
        if (pr === undefined) return notFound();
        if (body.title !== undefined) pr.title = String(body.title);
        if (body.body !== undefined) pr.body = String(body.body);
        if (body.state === 'open' || body.state === 'closed') pr.state = body.state;
        if (body.base !== undefined) pr.base = String(body.base);
        return { status: 200, body: this.pullJson(pr, params) };
      }
      case 'issues/add-labels': {
        const pr = this.pulls.find((p) => p.number === Number(params.issue_number));
        if (pr === undefined) return notFound();
        const labels = Array.isArray(body) ? body : ((body.labels ?? []) as unknown[]);
        for (const label of labels) {
          const name = typeof label === 'string' ? label : String(object(label).name);
          if (!pr.labels.includes(name)) pr.labels.push(name);
        }
        return { status: 200, body: pr.labels.map((name) => this.labelJson(name, params)) };
      }
      default:
        return undefined;
    }
  }

  /** One page of a list, with GitHub's Link header (`per_page` default 30, max 100). */
  private page(request: GitHubRequest, items: unknown[]): GitHubReply {
    const perPage = Math.min(Number(request.query.per_page ?? 30), 100);
    const page = Math.max(Number(request.query.page ?? 1), 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const headers: Record<string, string> = {};
    if (last > 1) {
      const link = (n: number, rel: string) => {
        const url = new URL(`${this.apiUrl}${request.path}`);
        for (const [key, value] of Object.entries(request.query)) url.searchParams.set(key, value);
        url.searchParams.set('page', String(n));
        return `<${url.toString()}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
      headers.link = links.join(', ');
    }
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers };
  }

  private repoUrl(params: Record<string, string>): string {
    return `${this.apiUrl}/repos/${params.owner}/${params.repo}`;
  }

  private user(template: JsonObject, login: string): JsonObject {
    return {
      ...template,
      login,
      id: [...login].reduce((n, c) => n * 31 + c.charCodeAt(0), 7) % 1_000_000,
      url: `${this.apiUrl}/users/${encodeURIComponent(login)}`,
      html_url: `https://github.test/${encodeURIComponent(login)}`,
    };
  }

  private reviewJson(review: FakeReview, params: Record<string, string>): JsonObject {
    const example = first(documentedExample('pulls/list-reviews', 200));
    return {
      ...example,
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: this.user(object(example.user), review.user),
      body: '',
      state: review.state,
      commit_id: review.commitId,
      submitted_at: review.submittedAt,
      html_url: `https://github.test/${params.owner}/${params.repo}/pull/${review.pr}#pullrequestreview-${review.id}`,
      pull_request_url: `${this.repoUrl(params)}/pulls/${review.pr}`,
    };
  }

  private commitJson(commit: FakeCommit, params: Record<string, string>): JsonObject {
    const example = first(documentedExample('pulls/list-commits', 200));
    const account = (login: string | null) => (login === null ? null : this.user(object(example.author), login));
    return {
      ...example,
      sha: commit.sha,
      node_id: `C_${commit.sha}`,
      url: `${this.repoUrl(params)}/commits/${commit.sha}`,
      html_url: `https://github.test/${params.owner}/${params.repo}/commit/${commit.sha}`,
      comments_url: `${this.repoUrl(params)}/commits/${commit.sha}/comments`,
      author: account(commit.author),
      committer: account(commit.committer),
    };
  }

  private commentJson(comment: FakeComment, params: Record<string, string>): JsonObject {
    const example = object(documentedExample('issues/create-comment', 201));
    return {
      ...example,
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: this.user(object(example.user), comment.user),
      url: `${this.repoUrl(params)}/issues/comments/${comment.id}`,
      html_url: `https://github.test/${params.owner}/${params.repo}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: `${this.repoUrl(params)}/issues/${comment.issue}`,
    };
  }

  private checkRunJson(run: FakeCheckRun, params: Record<string, string>): JsonObject {
    const example = object(documentedExample('checks/create', 201));
    return {
      ...example,
      id: run.id,
      node_id: `CR_${run.id}`,
      name: run.name,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      url: `${this.repoUrl(params)}/check-runs/${run.id}`,
      html_url: `https://github.test/${params.owner}/${params.repo}/runs/${run.id}`,
      output: {
        title: run.title,
        summary: run.summary,
        text: null,
        annotations_count: run.annotations.length,
        annotations_url: `${this.repoUrl(params)}/check-runs/${run.id}/annotations`,
      },
    };
  }

  private labelJson(name: string, params: Record<string, string>): JsonObject {
    const example = first(documentedExample('issues/add-labels', 200));
    return {
      ...example,
      id: [...name].reduce((n, c) => n * 31 + c.charCodeAt(0), 11) % 1_000_000,
      name,
      url: `${this.repoUrl(params)}/labels/${encodeURIComponent(name)}`,
      default: false,
    };
  }

  private pullJson(pr: FakePullRequest, params: Record<string, string>): JsonObject {
    const example = object(documentedExample('pulls/create', 201));
    const head = object(example.head);
    const base = object(example.base);
    return {
      ...example,
      id: pr.number * 10,
      number: pr.number,
      state: pr.state,
      title: pr.title,
      body: pr.body,
      // The documented example's requested_teams lacks a required field; GitHub sends [] here.
      requested_teams: [],
      labels: pr.labels.map((name) => this.labelJson(name, params)),
      url: `${this.repoUrl(params)}/pulls/${pr.number}`,
      html_url: `https://github.test/${params.owner}/${params.repo}/pull/${pr.number}`,
      head: { ...head, ref: pr.head, label: `${pr.owner}:${pr.head}` },
      base: { ...base, ref: pr.base, label: `${pr.owner}:${pr.base}` },
    };
  }
}

function notFound(): GitHubReply {
  return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
}
