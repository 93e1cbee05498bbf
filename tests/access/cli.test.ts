/**
 * Golden CLI outputs of `slipway access` on this repository's example, each subcommand in each
 * format. When a deliberate change alters one, review the diff and run
 * `npx vitest run tests/access -u`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { withFiles, writeRepo } from '../support/config-repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = path.dirname(fileURLToPath(import.meta.url));
const golden = (name: string) => path.join(here, '__snapshots__', name);
const access = (...argv: string[]) => runCli(['access', ...argv, '--repo', root]);

const CASES: Array<{ name: string; argv: string[]; code: number }> = [
  {
    name: 'check-yes',
    argv: ['check', 'service:checkout', 'invoke', 'deployment:fraud-detector', '--env', 'prod'],
    code: 0,
  },
  {
    name: 'check-explicit-deny',
    argv: ['check', 'user:frank', 'read-data', 'datasource:customer-profiles', '--env', 'prod'],
    code: 1,
  },
  {
    name: 'check-implicit-deny',
    argv: ['check', 'service:checkout', 'read-output', 'deployment:churn-scorer', '--env', 'staging'],
    code: 1,
  },
  {
    name: 'explain-explicit-deny',
    argv: ['explain', 'user:frank', 'read-data', 'datasource:customer-profiles', '--env', 'prod'],
    code: 1,
  },
  {
    name: 'explain-allowed',
    argv: ['explain', 'user:judy', 'read-data', 'datasource:credit-bureau', '--env', 'prod'],
    code: 0,
  },
  {
    name: 'explain-implicit-deny',
    argv: ['explain', 'service:crm-campaigns', 'invoke', 'deployment:churn-scorer', '--env', 'prod'],
    code: 1,
  },
  { name: 'who-can-apply', argv: ['who-can', 'apply', 'deployment:fraud-detector', '--env', 'prod'], code: 0 },
  {
    name: 'who-can-read-data',
    argv: ['who-can', 'read-data', 'datasource:customer-profiles', '--env', 'staging'],
    code: 0,
  },
  { name: 'pii-prod', argv: ['pii', '--env', 'prod'], code: 0 },
  { name: 'pii-dev', argv: ['pii', '--env', 'dev'], code: 0 },
];

describe('access golden outputs on the example', () => {
  for (const c of CASES) {
    for (const format of ['text', 'json'] as const) {
      it(`${c.argv.slice(0, -2).join(' ')} --format ${format}`, async () => {
        const r = await access(...c.argv, '--format', format);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(c.code);
        if (format === 'json') JSON.parse(r.stdout);
        await expect(r.stdout).toMatchFileSnapshot(golden(`${c.name}.${format === 'json' ? 'json' : 'txt'}`));
      });
    }
  }

  it('text is the default format', async () => {
    expect(await access(...CASES[1]!.argv)).toEqual(await access(...CASES[1]!.argv, '--format', 'text'));
  });
});

describe('access: questions that cannot be asked are usage errors (exit 2)', () => {
  it.each([
    [
      ['check', 'bob', 'invoke', 'deployment:fraud-detector', '--env', 'prod'],
      'error: "bob" is not a subject\nhint: write user:<login>, team:<name> or service:<name>, e.g. user:alice\n',
    ],
    [
      ['explain', 'user:bob', 'deploy', 'deployment:fraud-detector', '--env', 'prod'],
      'error: "deploy" is not an action\nhint: actions: invoke, read-output, read-data, promote, approve, apply\n',
    ],
    [
      ['who-can', 'invoke', 'fraud-detector', '--env', 'prod'],
      'error: "fraud-detector" is not a resource\nhint: write deployment:<name>, datasource:<name> or model:<name>, e.g. deployment:fraud-detector\n',
    ],
    [['pii', '--env', 'qa'], 'error: unknown environment "qa"\nhint: known environments: dev, staging, prod\n'],
  ])('%j', async (argv, stderr) => {
    expect(await access(...argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('a missing argument or --env, and a bare `access`', async () => {
    const missing = await access('check', 'user:bob', 'invoke', '--env', 'prod');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^error: missing required argument 'resource'\nhint: run `slipway access check --help`/,
    );
    const noEnv = await access('pii');
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toMatch(/required option '--env <env>' not specified/);
    expect((await runCli(['access'])).code).toBe(2);
  });

  it('a configuration that does not validate gives no answer (exit 2, not a "no")', async () => {
    const dir = writeRepo(
      withFiles(reconcileRepo(), { 'environments/dev/bad.yaml': 'apiVersion: slipway.dev/v1\nkind: Nope\n' }),
    );
    const r = await runCli([
      'access',
      'check',
      'service:app',
      'invoke',
      'deployment:d-0',
      '--env',
      'dev',
      '--repo',
      dir,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: refusing to answer: the configuration at working tree \S+ is invalid/);
  });

  it('a wildcard grant: the pattern, and the known subjects it covers', async () => {
    const dir = writeRepo(
      withFiles(reconcileRepo(), {
        'environments/dev/wild.yaml': `apiVersion: slipway.dev/v1
kind: AccessPolicy
metadata: {name: wild}
spec:
  rules:
    - {effect: allow, subjects: ["service:*"], actions: [read-output], resources: ["deployment:d-1"]}
`,
      }),
    );
    const r = await runCli(['access', 'who-can', 'read-output', 'deployment:d-1', '--env', 'dev', '--repo', dir]);
    expect(r).toEqual({
      code: 0,
      stdout:
        'read-output deployment:d-1 in dev:\n  service:*    any subject it matches, unless a deny rule covers it\n  service:app\n',
      stderr: '',
    });
  });
});
