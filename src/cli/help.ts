import { ERROR_EXIT, RESULT_EXIT } from './exit-codes.js';
import type { CommandOptions } from './options.js';

/** What ends a command's `--help`, as the GitHub CLI ends its: real examples, then the exit codes. */
interface CommandHelp {
  /** Each a command line and what it does; tests/cli/help.test.ts runs them on the example repository. */
  examples: ReadonlyArray<readonly [line: string, comment?: string]>;
  /** Codes come from the exit-code table, so the help cannot drift from what the command returns. */
  exitCodes: ReadonlyArray<readonly [code: number, meaning: string]>;
}

const USAGE = ERROR_EXIT.usage;

/** Every command's examples and exit codes, by its name as `slipway <name> --help` takes it. */
export const HELP: Record<keyof CommandOptions | 'access' | 'data', CommandHelp> = {
  validate: {
    examples: [
      ['slipway validate', 'check every file of the repository in .'],
      ['slipway validate --format json', 'the stable JSON shape (docs/output.md)'],
      ['slipway validate --format sarif --output slipway.sarif', 'for GitHub code scanning'],
    ],
    exitCodes: [
      [RESULT_EXIT.validate.valid, 'valid (warnings allowed)'],
      [RESULT_EXIT.validate.invalid, 'at least one error'],
      [USAGE, 'usage or environment error (unknown flag, missing repository)'],
    ],
  },
  render: {
    examples: [
      ['slipway render --env prod', "prod's Kubernetes manifests as YAML; what they cannot enforce on stderr"],
      ['slipway render --env staging --format json', 'a List, with the not-enforced fields in `notEnforced`'],
      ['slipway render --env prod --out deploy', 'the folder exactly as apply commits it to the deploy branch'],
    ],
    exitCodes: [
      [RESULT_EXIT.render.rendered, 'rendered, every object valid against its schema'],
      [RESULT_EXIT.render.invalid, 'the configuration is invalid, or an object fails its schema'],
      [USAGE, 'usage or environment error: unknown environment, a target that is not kubernetes'],
    ],
  },
  plan: {
    examples: [
      ['slipway plan --env dev', 'what apply would change in dev'],
      ['slipway plan --env dev --format markdown', 'the same plan for a pull-request comment'],
      ['slipway plan --env dev --out dev.plan --detailed-exitcode', 'save it for `apply --plan`; exit 2 if it changes'],
    ],
    exitCodes: [
      [RESULT_EXIT.plan.changes, 'planned (with --detailed-exitcode: no changes)'],
      [RESULT_EXIT.plan.invalid, 'the configuration is invalid (with --detailed-exitcode: any error)'],
      [
        USAGE,
        'usage or environment error: unknown environment or revision, unreachable state store (with --detailed-exitcode: changes are present)',
      ],
    ],
  },
  apply: {
    examples: [
      ['slipway apply --env dev --yes', 'make dev match the working tree'],
      ['slipway apply --env dev --plan dev.plan --yes', 'apply exactly the plan saved by `plan --out`'],
      [
        'slipway apply --env dev --rev main --lock-timeout 5m --yes',
        "main's head, waiting up to 5m for another run's lock",
      ],
    ],
    exitCodes: [
      [RESULT_EXIT.apply.applied, 'applied, or nothing to change'],
      [
        RESULT_EXIT.apply.failed,
        'invalid configuration, a failed or partial apply, a stale plan, the lock held by another run, a dirty tree refused',
      ],
      [USAGE, 'usage or environment error (unknown environment or revision, unreachable store)'],
    ],
  },
  status: {
    examples: [
      ['slipway status', 'every environment: sync with main, live versions, last apply, drift'],
      ['slipway status --env prod --format json', 'the stable JSON shape (docs/output.md)'],
      ['slipway status --rev main --exit-code', 'for CI: 0 synced, 2 out of sync or drifted'],
    ],
    exitCodes: [
      [RESULT_EXIT.status.ok, 'shown (with --exit-code: every environment shown is synced, without drift)'],
      [RESULT_EXIT.statusExitCode.unknown, 'with --exit-code: an error, or a sync that cannot be told'],
      [USAGE, 'usage or environment error (with --exit-code: out of sync or drifted)'],
    ],
  },
  history: {
    examples: [
      ['slipway history --env dev', 'the audit log, newest first'],
      ['slipway history --env dev --resource Deployment/fraud-detector', "one resource's changes"],
      ['slipway history --env staging --format json', 'the stable JSON shape (docs/output.md)'],
    ],
    exitCodes: [
      [RESULT_EXIT.history.ok, 'shown (also when empty)'],
      [USAGE, 'usage or environment error (unknown environment, unreachable store)'],
    ],
  },
  unlock: {
    examples: [
      ['slipway unlock --env prod', "release prod's lock by hand; names what it released"],
      ['slipway unlock --env dev --state sqlite:.slipway/state.db', 'in a store named explicitly'],
    ],
    exitCodes: [
      [RESULT_EXIT.unlock.released, 'released, or there was no lock'],
      [USAGE, 'usage or environment error'],
    ],
  },
  gate: {
    examples: [
      ['slipway gate --base main', "judge HEAD's changes by main's policies"],
      ['slipway gate --base main --format markdown', 'the pull-request comment'],
      [
        'slipway gate --base origin/${{ github.event.pull_request.base.ref }} --github',
        'in a pull-request workflow: comment and check run',
      ],
    ],
    exitCodes: [
      [RESULT_EXIT.gate.pass, 'every check passed'],
      [RESULT_EXIT.gate.block, 'a check failed, or one is still pending (e.g. approvals)'],
      [
        USAGE,
        'usage or environment error (unknown revision, an unreachable state store, no pull request context with --github)',
      ],
    ],
  },
  promote: {
    examples: [
      ['slipway promote fraud-detector@3.3.0 --to prod', 'writes the change on a new branch'],
      ['slipway promote fraud-detector@3.3.0 --to prod --canary 50', 'only 50% of the traffic'],
      ['slipway promote churn-scorer@2.1.0 --to prod --pr', 'push and open a pull request (GITHUB_TOKEN)'],
    ],
    exitCodes: [
      [RESULT_EXIT.promote.written, 'branch written (and pull request opened with --pr), or already there'],
      [ERROR_EXIT.refused, 'refused (a candidate outside the first environment, not live in the previous one)'],
      [USAGE, 'usage or environment error (unknown model, version or environment; not a git repository)'],
    ],
  },
  rollback: {
    examples: [
      ['slipway rollback fraud-detector --env prod', 'back to the version at 100% before the current one'],
      ['slipway rollback credit-limit --env staging --to 1.0.0', 'to a version named explicitly'],
      ['slipway rollback fraud-detector --env prod --from-git', 'trust git when the state store disagrees'],
      ['slipway rollback fraud-detector --env prod --pr', 'push and open a pull request (GITHUB_TOKEN)'],
    ],
    exitCodes: [
      [RESULT_EXIT.rollback.written, 'branch written (and pull request opened with --pr)'],
      [
        ERROR_EXIT.refused,
        'refused (no earlier version to return to, a revoked target version, the state store and git disagree)',
      ],
      [USAGE, 'usage or environment error'],
    ],
  },
  report: {
    examples: [
      ['slipway report', 'writes slipway-report.html: one self-contained page of what runs where'],
      ['slipway report --out public/index.html --rev main', 'the folder is made; declared state read at main'],
    ],
    exitCodes: [
      [RESULT_EXIT.report.ok, 'written'],
      [RESULT_EXIT.report.invalid, 'the configuration is invalid'],
      [USAGE, 'usage or environment error (unwritable file, unreachable store, unknown revision)'],
    ],
  },
  access: {
    examples: [
      ['slipway access check service:checkout invoke deployment:fraud-detector --env prod', 'yes or no'],
      ['slipway access explain user:frank read-data datasource:customer-profiles --env prod', 'and why'],
      ['slipway access who-can apply deployment:fraud-detector --env prod', 'teams and their members'],
      ['slipway access pii --env prod', 'where personal data goes'],
    ],
    exitCodes: [
      [RESULT_EXIT.access.allowed, 'allowed, or listed'],
      [RESULT_EXIT.access['implicit-deny'], 'check and explain: denied'],
      [RESULT_EXIT.access.invalid, 'usage error, or a configuration that does not validate'],
    ],
  },
  'access check': {
    examples: [
      ['slipway access check service:checkout invoke deployment:fraud-detector --env prod', 'prints yes'],
      ['slipway access check user:frank read-data datasource:customer-profiles --env prod', 'prints no, and why'],
      [
        'slipway access check service:checkout read-output deployment:churn-scorer --env staging --format json',
        'the answer and the rules behind it, as JSON',
      ],
    ],
    exitCodes: [
      [RESULT_EXIT.access.allowed, 'allowed'],
      [RESULT_EXIT.access['implicit-deny'], 'denied (explicitly or by default)'],
      [
        RESULT_EXIT.access.invalid,
        'usage error (malformed subject, action or resource; unknown environment), or a configuration that does not validate',
      ],
    ],
  },
  'access explain': {
    examples: [
      [
        'slipway access explain user:frank read-data datasource:customer-profiles --env prod',
        'denied: the deny rule that matched frank through his team, and the near misses',
      ],
      [
        'slipway access explain service:crm-campaigns invoke deployment:churn-scorer --env prod --format json',
        'as JSON (docs/output.md)',
      ],
    ],
    exitCodes: [
      [RESULT_EXIT.access.allowed, 'allowed'],
      [
        RESULT_EXIT.access['implicit-deny'],
        'denied: the rules that matched, or the near misses (wrong action, resource or subject)',
      ],
      [RESULT_EXIT.access.invalid, 'usage error, or a configuration that does not validate'],
    ],
  },
  'access who-can': {
    examples: [
      ['slipway access who-can apply deployment:fraud-detector --env prod', 'teams and their members'],
      [
        'slipway access who-can read-data "datasource:customer-profiles" --env staging --format json',
        'as JSON (docs/output.md)',
      ],
    ],
    exitCodes: [
      [RESULT_EXIT.access.listed, 'listed (also when nobody may)'],
      [RESULT_EXIT.access.invalid, 'usage error, or a configuration that does not validate'],
    ],
  },
  'access pii': {
    examples: [
      ['slipway access pii --env prod', 'every path personal data takes out of its source'],
      ['slipway access pii --env staging --format json', 'as JSON (docs/output.md)'],
    ],
    exitCodes: [
      [RESULT_EXIT.access.listed, 'listed (also when there is no personal data)'],
      [RESULT_EXIT.access.invalid, 'usage error, or a configuration that does not validate'],
    ],
  },
  data: {
    examples: [
      ['slipway data verify --env dev', "every check of dev's data sources; the run is recorded in the state store"],
      ['slipway data verify --env dev --source chargebacks --format junit', 'one source, as JUnit XML for CI'],
    ],
    exitCodes: [
      [RESULT_EXIT.dataVerify.passed, 'no check failed or errored'],
      [RESULT_EXIT.dataVerify.failed, 'a check failed or errored (with --strict, or was skipped)'],
      [USAGE, 'usage or environment error'],
    ],
  },
  'data verify': {
    examples: [
      [
        'slipway data verify --env dev',
        'every declared check of every data source of dev, recorded in the state store',
      ],
      [
        'slipway data verify --env dev --source chargebacks --strict --timeout 2m',
        'one source; a skipped check fails too; two minutes for it',
      ],
      [
        'slipway data verify --env dev --format json --no-record',
        'the stable JSON shape (docs/output.md), not recorded',
      ],
      ['slipway data verify --env dev --format junit', 'JUnit XML: CI shows each check as a test'],
    ],
    exitCodes: [
      [RESULT_EXIT.dataVerify.passed, 'no check failed or errored (skipped checks allowed, unless --strict)'],
      [
        RESULT_EXIT.dataVerify.failed,
        'a check failed or errored, a skipped one with --strict, or the configuration is invalid',
      ],
      [USAGE, 'usage or environment error: unknown environment or --source, a bad --timeout, an unreachable store'],
    ],
  },
  init: {
    examples: [
      ['slipway init ml-config --name acme-ml', 'a new repository that validates clean'],
      ['slipway init', 'in the current folder, named after it'],
    ],
    exitCodes: [
      [RESULT_EXIT.init.written, 'files written'],
      [RESULT_EXIT.init.exists, 'refused: a file it would write already exists (nothing is written)'],
      [USAGE, 'usage error (a name that is not a lowercase DNS label)'],
    ],
  },
};

/** The text after a command's options in its `--help`: each example under its comment, as `gh` writes them. */
export function helpAfter(command: keyof typeof HELP): string {
  const { examples, exitCodes } = HELP[command];
  const lines = ['', 'Examples:'];
  examples.forEach(([line, comment], i) => {
    if (comment) lines.push(...(i > 0 ? [''] : []), `  # ${comment}`);
    lines.push(`  $ ${line}`);
  });
  lines.push('', 'Exit codes:');
  for (const [code, meaning] of exitCodes) lines.push(`  ${code}  ${meaning}`);
  // Commander ends the help text with a newline of its own.
  return lines.join('\n');
}
