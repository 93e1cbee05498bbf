import { UserError } from '../model/errors.js';

/** Maps git's own wording to messages a user can act on; keeps git's text as the cause. */
export function gitError(error: unknown, what: string): UserError {
  const text = error instanceof Error ? error.message : String(error);
  if (/not a git repository/i.test(text))
    return new UserError(`${what}: not a git repository`, {
      hint: 'run slipway inside a git checkout, or pass --repo',
      cause: error,
    });
  if (
    /unknown revision|bad revision|Needed a single revision|invalid object name|not a valid object name|ambiguous argument/i.test(
      text,
    )
  ) {
    return new UserError(`${what}: unknown revision`, {
      hint: 'check the branch, tag or commit exists (git fetch first in CI: actions/checkout needs fetch-depth: 0)',
      cause: error,
    });
  }
  if (/ENOENT|spawn git/i.test(text))
    return new UserError(`${what}: git is not installed or not on PATH`, { cause: error });
  return new UserError(
    `${what}: ${
      text
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? 'git failed'
    }`,
    { cause: error },
  );
}
