// The repository's GitHub workflows: each validates against the GitHub workflow JSON schema
// (vendored from schemastore in tests/fixtures), and does what issue 4 asks of it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
  services?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, { paths?: string[]; branches?: string[]; types?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(name: string): Workflow {
  return parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;
}

function runs(workflow: Workflow): string[] {
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps.flatMap((step) =>
      (step.run ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  );
}

let validate: ValidateFunction;
beforeAll(() => {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'tests', 'fixtures', 'github-workflow.schema.json'), 'utf8'),
  ) as object;
  validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
});

test('the three workflows exist, and nothing else', () => {
  expect(readdirSync(WORKFLOWS).sort()).toEqual(['ci.yml', 'config.yml', 'reconcile.yml']);
});

test.each(['ci.yml', 'config.yml', 'reconcile.yml'])('%s validates against the GitHub workflow schema', (name) => {
  const ok = validate(load(name));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test('the schema check can fail: a misspelt key is rejected', () => {
  const broken = { ...load('ci.yml'), permisions: { contents: 'read' } };
  expect(validate(broken)).toBe(false);
  expect(
    validate.errors?.some(
      (e) => e.params && 'additionalProperty' in e.params && e.params.additionalProperty === 'permisions',
    ),
  ).toBe(true);
});

test('every action is pinned to a major version', () => {
  for (const name of ['ci.yml', 'config.yml', 'reconcile.yml']) {
    for (const job of Object.values(load(name).jobs)) {
      for (const step of job.steps) if (step.uses !== undefined) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@v\d+$/);
    }
  }
});

test('ci.yml runs the project tests on Node 20 with PostgreSQL', () => {
  const ci = load('ci.yml');
  const job = ci.jobs.test as Job;
  expect(job.steps.map((s) => s.uses ?? s.run)).toEqual([
    'actions/checkout@v4',
    'actions/setup-node@v4',
    'npm ci',
    'npm test',
  ]);
  expect(job.steps[1]?.with?.['node-version']).toBe(20);
  expect(Object.keys(job.services ?? {})).toEqual(['postgres']);
  expect(job.steps[3]?.env).toEqual({ PGHOST: '127.0.0.1', PGPORT: 5432, PGUSER: 'postgres', PGDATABASE: 'test' });
  expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
});

describe('config.yml', () => {
  const config = () => load('config.yml');

  test('runs on configuration pull requests and on reviews', () => {
    expect(config().on.pull_request?.paths).toEqual(['models/**', 'environments/**', 'slipway.yaml']);
    expect(config().on.pull_request_review?.types).toEqual(['submitted', 'edited', 'dismissed']);
  });

  test('has exactly the permissions the gate needs', () => {
    expect(config().permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      checks: 'write',
      'security-events': 'write',
    });
  });

  test('checks out full history, validates, uploads SARIF, gates with the token and the state store for soak evidence', () => {
    const steps = (config().jobs.gate as Job).steps;
    expect(steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(runs(config())).toEqual([
      'npm ci && npm install --global .',
      'slipway validate --format github',
      'slipway validate --format sarif --output slipway.sarif',
      'slipway gate --base origin/${{ github.event.pull_request.base.ref }} --github',
    ]);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toEqual({ sarif_file: 'slipway.sarif', category: 'slipway' });
    const gate = steps.find((s) => s.run?.startsWith('slipway gate'));
    expect(gate?.env).toEqual({
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      SLIPWAY_STATE: '${{ secrets.SLIPWAY_STATE }}',
    });
    expect(steps.indexOf(upload as Step)).toBeLessThan(steps.indexOf(gate as Step));
  });
});

describe('reconcile.yml', () => {
  const reconcile = () => load('reconcile.yml');

  test('runs on pushes to main', () => {
    expect(reconcile().on.push?.branches).toEqual(['main']);
  });

  test('applies dev, then staging, then prod through the protected prod environment', () => {
    const { jobs } = reconcile();
    expect(Object.keys(jobs)).toEqual(['dev', 'staging', 'plan-prod', 'prod', 'report']);
    expect(jobs.staging?.needs).toBe('dev');
    expect(jobs['plan-prod']?.needs).toBe('staging');
    expect(jobs.prod?.needs).toBe('plan-prod');
    expect(jobs.prod?.environment).toEqual({ name: 'prod' });
    expect(jobs['plan-prod']?.environment).toBeUndefined();
    const applies = runs(reconcile()).filter((line) => line.startsWith('slipway apply'));
    expect(applies).toEqual([
      'slipway apply --env dev --yes',
      'slipway apply --env staging --yes',
      'slipway apply --env prod --plan prod.plan --yes',
    ]);
  });

  test("publishes the operator's page as an artifact after the applies, even when one failed", () => {
    const job = reconcile().jobs.report as Job & { if?: string };
    expect(job.needs).toBe('prod');
    expect(job.if).toBe('${{ !cancelled() }}');
    expect(job.steps.map((s) => s.uses ?? s.run)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci && npm install --global .',
      'slipway report --out report/index.html',
      'actions/upload-artifact@v4',
    ]);
    expect(job.steps[0]?.with).toEqual({ 'fetch-depth': 0 });
    expect(job.steps[4]?.with).toEqual({ name: 'slipway-report', path: 'report/index.html', 'retention-days': 30 });
  });
});

test('every slipway command line in the workflows uses a real command and real flags', async () => {
  const lines = ['ci.yml', 'config.yml', 'reconcile.yml']
    .flatMap((name) => runs(load(name)))
    .filter((line) => line.startsWith('slipway '));
  expect(lines.length).toBe(9);
  for (const line of lines) {
    const [, command, ...rest] = line.split(/\s+/);
    const help = await runCli([command as string, '--help']);
    expect(help.code, line).toBe(0);
    for (const flag of rest.filter((word) => word.startsWith('--')))
      expect(help.stdout, `${line}: ${flag}`).toContain(`${flag} `);
  }
});
