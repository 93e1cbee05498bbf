import { Command, CommanderError, Option } from 'commander';
import { UserError } from '../model/errors.js';
import { ERROR_EXIT, EXIT, type ExitCode } from './exit-codes.js';
import { collectEnvs } from './env-list.js';
import type { CliIO } from './io.js';
import type { CommandOptions } from './options.js';
import { helpAfter } from './help.js';
import { usageError } from './usage.js';
import { VERSION } from './version.js';

/** A repeatable option's values, in the order given, without repeats. */
const collectRepeated = (value: string, previous: string[] | undefined): string[] =>
  previous?.includes(value) ? previous : [...(previous ?? []), value];

type Action<O> = (options: O, args: string[], io: CliIO) => Promise<number>;

/** Each command's module is imported only when that command runs, so start-up stays fast. */
const lazy =
  <O>(load: () => Promise<{ execute: Action<O> }>): Action<O> =>
  async (options, args, io) =>
    (await load()).execute(options, args, io);

const commands: { [K in keyof CommandOptions]: Action<CommandOptions[K]> } = {
  validate: lazy(() => import('./commands/validate.js')),
  plan: lazy(() => import('./commands/plan.js')),
  apply: lazy(() => import('./commands/apply.js')),
  render: lazy(() => import('./commands/render.js')),
  status: lazy(() => import('./commands/status.js')),
  history: lazy(() => import('./commands/history.js')),
  unlock: lazy(() => import('./commands/unlock.js')),
  gate: lazy(() => import('./commands/gate.js')),
  promote: lazy(() => import('./commands/promote.js')),
  rollback: lazy(() => import('./commands/rollback.js')),
  report: lazy(() => import('./commands/report.js')),
  'access check': lazy(async () => ({ execute: (await import('./commands/access.js')).check })),
  'access explain': lazy(async () => ({ execute: (await import('./commands/access.js')).explain })),
  'access who-can': lazy(async () => ({ execute: (await import('./commands/access.js')).whoCan })),
  'access pii': lazy(async () => ({ execute: (await import('./commands/access.js')).pii })),
  'data verify': lazy(() => import('./commands/data-verify.js')),
  init: lazy(() => import('./commands/init.js')),
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never exits. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  // `plan --detailed-exitcode` and `status --exit-code` give every error 1, since they keep 2 for "differences".
  let errorExit: ExitCode | undefined;
  const program = new Command('slipway')
    .description(
      'GitOps for operational machine learning: validate, gate and reconcile model deployments declared in git.',
    )
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(usageError(s)),
    });

  /**
   * A command, its help ending with examples and exit codes (help.ts). `access check` is the
   * subcommand `check` of `group`, the command `access`. Every command but `init` reads a
   * repository (`--repo`).
   */
  const define = <K extends keyof CommandOptions>(
    name: K,
    setup: (cmd: Command) => Command,
    { group = program, repo = true }: { group?: Command; repo?: boolean } = {},
  ): void => {
    const cmd = group
      .command(name.slice(name.lastIndexOf(' ') + 1))
      .configureOutput({ outputError: (s, write) => write(usageError(s, name)) });
    if (repo) cmd.option('--repo <dir>', 'repository root', '.');
    setup(cmd).addHelpText('after', () => helpAfter(name));
    cmd.action(async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const args = command.args;
      // Commander has checked the values against the declarations below (options.ts).
      const options = command.opts<CommandOptions[K]>();
      if ('detailedExitcode' in options && options.detailedExitcode) errorExit = EXIT.findings;
      if ('exitCode' in options && options.exitCode) errorExit = EXIT.findings;
      exitCode = await commands[name](options, args, io);
    });
  };

  define('validate', (c) =>
    c
      .description('check the configuration: schema, references and every rule in docs/rules.md')
      .addOption(
        new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'github']).default('text'),
      )
      .option('--output <file>', 'write the report to a file instead of standard output'),
  );
  define('plan', (c) =>
    c
      .description('show what apply would change in an environment')
      .requiredOption('--env <env>', 'environment; several as dev,staging or by repeating --env', collectEnvs)
      .option('--rev <rev>', 'git revision to read instead of the working tree')
      .option('--state <url>', 'state store URL (sqlite:PATH or postgres://...)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
      .option('--out <plan>', 'save the plan to a file for `apply --plan`')
      .option('--detailed-exitcode', 'exit 0 for no changes, 2 for changes, 1 for errors'),
  );
  define('apply', (c) =>
    c
      .description('make an environment match the configuration')
      .requiredOption(
        '--env <env>',
        'environment; several as dev,staging or by repeating --env (applied in that order)',
        collectEnvs,
      )
      .option('--rev <rev>', 'git revision to read instead of the working tree')
      .option('--state <url>', 'state store URL')
      .option('--plan <plan>', 'apply a plan saved by `plan --out`')
      .option('--yes', 'apply without asking')
      .option('--lock-timeout <duration>', 'how long to wait for the environment lock', '0s')
      .option(
        '--as <operator>',
        'who runs apply, for access policies and the audit (default: $SLIPWAY_ACTOR, $GITHUB_ACTOR, git user.name)',
      )
      .option(
        '--allow-unmerged',
        'break-glass: apply a commit that is not on the default branch (recorded in the audit log; refused where spec.promotion.breakGlass is false)',
      ),
  );
  define('render', (c) =>
    c
      .description('print the Kubernetes manifests of an environment with a kubernetes target, as apply commits them')
      .requiredOption('--env <env>', 'environment; several as staging,prod or by repeating --env', collectEnvs)
      .option('--rev <rev>', 'git revision to read instead of the working tree')
      .option('--out <dir>', 'write the deploy folder (manifest.yaml, hydrator.metadata, README.md) to a folder')
      .addOption(new Option('--format <format>', 'output format').choices(['yaml', 'json']).default('yaml')),
  );
  define('status', (c) =>
    c
      .description('show what is live in each environment, and whether it matches the default branch')
      .option('--env <env>', 'only this environment')
      .option('--state <url>', 'state store URL')
      .option('--rev <rev>', "compare with this git revision instead of the default branch's head")
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--exit-code', 'exit 0 when every environment shown is synced without drift, 2 when not, 1 for errors'),
  );
  define('history', (c) =>
    c
      .description('show the audit log of an environment, newest first')
      .requiredOption('--env <env>', 'environment')
      .option('--state <url>', 'state store URL')
      .option('--resource <resource>', 'only this resource, e.g. Deployment/fraud-detector')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--verify', "check the audit log's hash chain; exit 1 when a row was inserted, edited or deleted"),
  );
  define('unlock', (c) =>
    c
      .description('release the lock of an environment')
      .requiredOption('--env <env>', 'environment')
      .option('--state <url>', 'state store URL'),
  );
  define('gate', (c) =>
    c
      .description("judge the changes between two revisions against the base revision's policies")
      .requiredOption('--base <rev>', 'base revision (the target branch)')
      .option('--head <rev>', 'head revision', 'HEAD')
      .option(
        '--state <url>',
        "state store URL, read for soak times (default: $SLIPWAY_STATE, the base's spec.state.url)",
      )
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
      .option('--github', 'read the pull request from GitHub Actions, and report with a comment and a check run'),
  );
  define('promote', (c) =>
    c
      .description('write a promotion of MODEL@VERSION to an environment on a new branch')
      .argument('<model@version>', 'model and version, e.g. fraud-detector@4.0.0')
      .requiredOption('--to <env>', 'environment to promote to')
      .option('--canary <pct>', 'send only this percent of traffic to the new version')
      .option('--branch <name>', 'branch name')
      .option('--pr', 'push the branch and open a pull request'),
  );
  define('rollback', (c) =>
    c
      .description('write a rollback of MODEL in an environment on a new branch')
      .argument('<model>', 'model name')
      .requiredOption('--env <env>', 'environment')
      .option('--to <version>', 'version to roll back to (default: the previous full version)')
      .option('--from-git', 'when the state store and git disagree about what is live, trust git (what is merged)')
      .option('--from-state', 'when the state store and git disagree about what is live, trust the state store')
      .option('--branch <name>', 'branch name')
      .option('--pr', 'push the branch and open a pull request'),
  );

  define('report', (c) =>
    c
      .description("write the operator's page: one self-contained HTML file of what runs where")
      .option('--out <file>', 'where to write the page', 'slipway-report.html')
      .option('--state <url>', 'state store URL')
      .option('--rev <rev>', "read the configuration at this git revision instead of the default branch's head"),
  );

  const access = program
    .command('access')
    .description('ask the access rules of an environment: may a subject act, why, who may, where personal data goes')
    .configureOutput({ outputError: (s, write) => write(usageError(s, 'access')) })
    .addHelpText('after', () => helpAfter('access'));
  const envAndFormat = (c: Command): Command =>
    c
      .requiredOption('--env <env>', 'environment')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
  define(
    'access check',
    (c) =>
      envAndFormat(
        c
          .description('may SUBJECT take ACTION on RESOURCE? prints yes, or no and why (exit 0 or 1)')
          .argument('<subject>', 'user:<login>, team:<name> or service:<name>')
          .argument('<action>', 'invoke, read-output, read-data, promote, approve or apply')
          .argument('<resource>', 'deployment:<name>, datasource:<name> or model:<name>'),
      ),
    { group: access },
  );
  define(
    'access explain',
    (c) =>
      envAndFormat(
        c
          .description(
            'the decision, every rule that matches (file:line, and the team that made a user match), and the near misses',
          )
          .argument('<subject>', 'user:<login>, team:<name> or service:<name>')
          .argument('<action>', 'invoke, read-output, read-data, promote, approve or apply')
          .argument('<resource>', 'deployment:<name>, datasource:<name> or model:<name>'),
      ),
    { group: access },
  );
  define(
    'access who-can',
    (c) =>
      envAndFormat(
        c
          .description('every subject allowed ACTION on RESOURCE, teams expanded to their members')
          .argument('<action>', 'invoke, read-output, read-data, promote, approve or apply')
          .argument('<resource>', 'deployment:<name>, datasource:<name> or model:<name>'),
      ),
    { group: access },
  );
  define(
    'access pii',
    (c) =>
      envAndFormat(
        c.description('every path personal data takes out of its source: who reads it, where it is written'),
      ),
    { group: access },
  );

  const data = program
    .command('data')
    .description("check the data itself: each DataSource's declared schema, freshness and quality, where it lives")
    .configureOutput({ outputError: (s, write) => write(usageError(s, 'data')) })
    .addHelpText('after', () => helpAfter('data'));
  define(
    'data verify',
    (c) =>
      c
        .description(
          "run every declared check of an environment's data sources in their own engines, and record the run in the state store",
        )
        .requiredOption('--env <env>', 'environment')
        .option('--source <name>', 'only this data source; repeat for several', collectRepeated)
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
        .option('--state <url>', 'state store URL, where the run is recorded')
        .option('--no-record', 'do not record the run in the state store')
        .option('--strict', 'a skipped check (unsupported engine, unset secret) fails the run')
        .option('--timeout <duration>', "each source's time budget: connecting and every query", '60s'),
    { group: data },
  );

  define(
    'init',
    (c) =>
      c
        .description(
          'write a new configuration repository that validates clean: project, environments, CI workflows, editor schemas',
        )
        .argument('[dir]', 'the folder to write into (made when missing)', '.')
        .option('--name <name>', "the project's name, a lowercase DNS label (default: the folder's name)"),
    { repo: false },
  );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // `slipway help` exits 0; a bare `slipway` (no command) shows help on stderr as a usage error.
      if (error.code === 'commander.help' && error.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof UserError) {
      io.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return errorExit ?? ERROR_EXIT[error.kind];
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    if (io.env.SLIPWAY_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return errorExit ?? EXIT.usage;
  }
}
