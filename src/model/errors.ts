/**
 * What kind of failure stopped a command. The CLI maps each kind to an exit code (src/cli/exit-codes.ts);
 * nothing below it knows a number.
 * - `usage`: bad flags or names the user typed (an unknown environment, a malformed value);
 * - `environment`: what the command needs is missing or broken (no repository, an unreachable store);
 * - `refused`: a control said no (a policy, a stale plan, a cancelled apply);
 * - `conflict`: someone else holds what the command needs (an environment lock).
 */
export type ErrorKind = 'usage' | 'environment' | 'refused' | 'conflict';

/**
 * An error a user can fix: bad flags, a missing repository, an unknown environment. The CLI
 * prints its message and hint, never a stack trace.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly kind: ErrorKind;

  constructor(message: string, options: { hint?: string; kind?: ErrorKind; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.kind = options.kind ?? 'usage';
  }
}
