/**
 * Help that teaches: every command's `--help` ends with examples and its exit codes, and every
 * example runs on this repository's example configuration with the exit code it should have.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/help.js';
import { runCli } from '../support/cli.js';
import { exampleRepo } from '../support/example-repo.js';
import { tempDir } from '../support/tree.js';

/** The commands `slipway --help` (and `slipway access --help`, `slipway data --help`) list. */
async function commands(): Promise<string[]> {
  const listed = async (argv: string[]) => {
    const help = (await runCli([...argv, '--help'])).stdout;
    const section = help.slice(help.indexOf('Commands:'));
    return [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  };
  const top = await listed([]);
  const groups = ['access', 'data'];
  const sub = await Promise.all(groups.map(async (g) => (await listed([g])).map((c) => `${g} ${c}`)));
  return [...top, ...sub.flat()];
}

describe('--help', () => {
  it('lists every command that has examples, and nothing without', async () => {
    expect((await commands()).sort()).toEqual(Object.keys(HELP).sort());
  });

  it('of every command ends with an Examples and an Exit codes section', async () => {
    for (const command of await commands()) {
      const r = await runCli([...command.split(' '), '--help']);
      expect(r.code, command).toBe(0);
      const examples = r.stdout.indexOf('\nExamples:\n');
      const exitCodes = r.stdout.indexOf('\nExit codes:\n');
      expect(examples, command).toBeGreaterThan(r.stdout.indexOf('Options:'));
      expect(exitCodes, command).toBeGreaterThan(examples);
      const lines = r.stdout.slice(examples).split('\n');
      expect(lines.filter((l) => l.startsWith('  $ slipway ')).length, command).toBeGreaterThanOrEqual(2);
      const codes = r.stdout
        .slice(exitCodes)
        .split('\n')
        .flatMap((l) => /^ {2}(\d) {2}\S/.exec(l)?.[1] ?? []);
      expect(codes.length, command).toBeGreaterThanOrEqual(2);
      expect(
        codes.every((c) => ['0', '1', '2'].includes(c)),
        command,
      ).toBe(true);
    }
  });
});

/** Examples that need GitHub (a token, a pull request): their flags are checked, not run. */
const needsGitHub = (line: string) => line.includes('--pr') || line.includes('--github');

/** Exit codes other than 0, by example. */
const EXPECTED: Record<string, number> = {
  'slipway plan --env dev --out dev.plan --detailed-exitcode': 2,
  // staging and prod render to Kubernetes: never applied here, so out of sync.
  'slipway status --rev main --exit-code': 2,
  'slipway access check user:frank read-data datasource:customer-profiles --env prod': 1,
  'slipway access check service:checkout read-output deployment:churn-scorer --env staging --format json': 1,
  'slipway access explain user:frank read-data datasource:customer-profiles --env prod': 1,
  'slipway access explain service:crm-campaigns invoke deployment:churn-scorer --env prod --format json': 1,
};

/** What an example needs done first. */
const SETUP: Record<string, string[]> = {
  'slipway apply --env dev --plan dev.plan --yes': ['plan', '--env', 'dev', '--out', 'dev.plan'],
  // A store named explicitly must exist: the first apply creates it.
  'slipway unlock --env dev --state sqlite:.slipway/state.db': ['apply', '--env', 'dev', '--yes'],
};

/** The operator: the example's AccessPolicies let the platform team (dave) apply. */
const env = { SLIPWAY_ACTOR: 'dave' };

const words = (line: string): string[] => line.split(/\s+/).map((w) => w.replace(/^"(.*)"$/, '$1'));

describe('every example works on the example repository', () => {
  const examples = Object.entries(HELP).flatMap(([command, help]) =>
    help.examples.map(([line]) => ({ command, line })),
  );

  it.each(examples)('$line', async ({ command, line }) => {
    const [, ...argv] = words(line);
    if (needsGitHub(line)) {
      const help = await runCli([...command.split(' '), '--help']);
      for (const flag of argv.filter((w) => w.startsWith('--'))) expect(help.stdout).toContain(`${flag} `);
      return;
    }
    let cwd: string;
    if (command === 'init') cwd = tempDir();
    else {
      cwd = exampleRepo().repo.dir;
      const setup = SETUP[line];
      if (setup) expect((await runCli(setup, { cwd, env })).code).toBe(0);
    }
    const r = await runCli(argv, { cwd, env });
    expect(r.code, r.stderr).toBe(EXPECTED[line] ?? 0);
    if (command === 'init') {
      const dir = argv[1] === undefined ? cwd : path.join(cwd, argv[1]);
      expect(existsSync(path.join(dir, 'slipway.yaml'))).toBe(true);
      const validate = await runCli(['validate', '--repo', dir]);
      expect(validate.stdout).toMatch(/^0 errors, 0 warnings in \d+ files\n$/m);
    }
  });
});
