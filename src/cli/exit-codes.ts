import type { ErrorKind } from '../model/errors.js';

/**
 * The one map from what happened to the process's exit code (README, "Exit codes"):
 * 0 success or clean, 1 findings or a refusal, 2 usage or environment errors.
 * Commands return a result kind; errors carry an error kind; only this file knows the numbers.
 */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const ERROR_EXIT: Record<ErrorKind, ExitCode> = {
  usage: EXIT.usage,
  environment: EXIT.usage,
  refused: EXIT.findings,
  conflict: EXIT.findings,
};

/** Each command's result kinds. `plan --detailed-exitcode` has its own row, as Terraform's does. */
export const RESULT_EXIT = {
  validate: { valid: EXIT.ok, invalid: EXIT.findings },
  plan: { changes: EXIT.ok, 'no-changes': EXIT.ok, invalid: EXIT.findings },
  /** `plan --detailed-exitcode`: 2 says "there are changes" (its errors all exit 1, see run.ts). */
  planDetailed: { changes: 2, 'no-changes': EXIT.ok, invalid: EXIT.findings },
  /** By the last environment's result: the run stops at the first neither applied nor unchanged. */
  apply: {
    applied: EXIT.ok,
    'no-changes': EXIT.ok,
    cancelled: EXIT.findings,
    failed: EXIT.findings,
    'stale-plan': EXIT.findings,
    'plan-mismatch': EXIT.findings,
    locked: EXIT.findings,
    'lock-lost': EXIT.findings,
    invalid: EXIT.findings,
  },
  render: { rendered: EXIT.ok, invalid: EXIT.findings },
  status: { ok: EXIT.ok, 'nothing-applied': EXIT.ok },
  /**
   * `status --exit-code`, by `statusVerdict`: 2 says "something is out of sync or drifted", as
   * `git diff --exit-code` and `plan --detailed-exitcode` say "there are differences"; a sync
   * that cannot be told is an error (1), and so is every error (see run.ts).
   */
  statusExitCode: { synced: EXIT.ok, 'out-of-sync': 2, unknown: EXIT.findings },
  /** `history --verify`: 1 when the audit log's hash chain is broken. */
  history: { ok: EXIT.ok, broken: EXIT.findings },
  unlock: { released: EXIT.ok, 'not-locked': EXIT.ok },
  gate: { pass: EXIT.ok, block: EXIT.findings, pending: EXIT.findings },
  promote: { written: EXIT.ok, pushed: EXIT.ok, unchanged: EXIT.ok },
  rollback: { written: EXIT.ok, pushed: EXIT.ok, unchanged: EXIT.ok },
  report: { ok: EXIT.ok, invalid: EXIT.findings },
  /** `init`: a file in the way is a refusal (1), as every refusal is; nothing is written. */
  init: { written: EXIT.ok, exists: EXIT.findings },
  /**
   * `access`: check and explain answer yes (0) or no (1), as `kubectl auth can-i`; who-can and
   * pii list (0). A configuration that does not validate gives no answer (2): 1 would read as "no".
   */
  access: {
    allowed: EXIT.ok,
    'explicit-deny': EXIT.findings,
    'implicit-deny': EXIT.findings,
    listed: EXIT.ok,
    invalid: EXIT.usage,
  },
  /** `data verify`: 1 when a check failed or errored (with --strict, also when one was skipped). */
  dataVerify: { passed: EXIT.ok, failed: EXIT.findings, invalid: EXIT.findings },
} as const satisfies Record<string, Record<string, ExitCode>>;
