import { UserError } from '../model/errors.js';

/** What the client was doing when GitHub said no: named in the error so the user knows where to look. */
export interface GitHubOperation {
  /** A phrase that fits "could not …", e.g. `create the check run on acme/ml-config`. */
  action: string;
  /** The token permission the operation needs, in workflow `permissions:` syntax, e.g. `checks: write`. */
  permission: string;
  /** What a 404 means for this operation, e.g. `repository acme/ml-config or pull request #7`. */
  target: string;
}

/** The parts of an Octokit `RequestError` we read; duck-typed so this module never loads Octokit. */
interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpError(error: unknown): error is HttpErrorLike {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** Removes every occurrence of the token, whatever GitHub or a library put into a message. */
export type Redact = (text: string) => string;

export function redactor(secret: string): Redact {
  if (secret === '') return (text) => text;
  return (text) => text.split(secret).join('***');
}

function header(error: HttpErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** GitHub's own explanation (`{message}` in the body), without its documentation link. */
function githubMessage(error: HttpErrorLike): string {
  const data = error.response?.data;
  if (data !== null && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return error.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
}

function isRateLimited(error: HttpErrorLike, message: string): boolean {
  if (error.status === 429) return true;
  if (error.status !== 403) return false;
  return header(error, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(message);
}

/** `checks=write,pull_requests=write` (GitHub's accepted-permissions header) → `checks: write` style. */
function acceptedPermissions(error: HttpErrorLike): string | undefined {
  const value = header(error, 'x-accepted-github-permissions');
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(/[,;]/)
    .map((pair) => pair.trim().split('='))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && pair[1] !== '')
    .map(([name, level]) => `${name.replace(/_/g, '-')}: ${level}`)
    .join(', ');
}

function resetTime(error: HttpErrorLike): string | undefined {
  const reset = Number(header(error, 'x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  return new Date(reset * 1000).toISOString();
}

/**
 * Turns an Octokit failure into a UserError that says what went wrong and how to fix it. The
 * original error stays as `cause` (Octokit already redacts the authorization header there);
 * every text we build passes through `redact` so the token can never reach the output.
 */
export function gitHubError(error: unknown, operation: GitHubOperation, redact: Redact): UserError {
  if (error instanceof UserError) return error;
  if (!isHttpError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return new UserError(redact(`could not ${operation.action}: ${text}`), { cause: error });
  }
  const message = githubMessage(error);
  const make = (text: string, hint: string): UserError =>
    new UserError(redact(text), { hint: redact(hint), cause: error });

  if (error.status === 401) {
    return make(
      `could not ${operation.action}: GitHub rejected the token (401 ${message}); it is malformed, expired or revoked`,
      'set GITHUB_TOKEN to a valid token; in a workflow use `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`',
    );
  }
  if (isRateLimited(error, message)) {
    const reset = resetTime(error);
    return make(
      `could not ${operation.action}: GitHub's rate limit is exhausted (${error.status} ${message})`,
      reset === undefined
        ? 'wait a few minutes and re-run the job'
        : `the limit resets at ${reset}; re-run the job after that`,
    );
  }
  if (error.status === 403) {
    const needed = acceptedPermissions(error) ?? operation.permission;
    return make(
      `could not ${operation.action}: the token lacks the \`${needed}\` permission (403 ${message})`,
      `grant it in the workflow: \`permissions:\` with \`${needed}\` (or give the token that scope)`,
    );
  }
  if (error.status === 404) {
    return make(
      `could not ${operation.action}: ${operation.target} was not found, or the token cannot see it (404)`,
      'check GITHUB_REPOSITORY and the pull request number, and that the token has access to the repository (`contents: read`)',
    );
  }
  if (error.status === 422) {
    return make(
      `could not ${operation.action}: GitHub refused the request (422 ${message})`,
      'this is likely a bug in slipway; please report it with the message above',
    );
  }
  if (error.status === 0 || error.status >= 500) {
    return make(
      `could not ${operation.action}: GitHub did not answer (${error.status === 0 ? 'network error' : error.status}: ${message})`,
      'check GITHUB_API_URL and the network, then re-run the job',
    );
  }
  return make(
    `could not ${operation.action}: GitHub answered ${error.status} ${message}`,
    'check the token and GITHUB_REPOSITORY',
  );
}
