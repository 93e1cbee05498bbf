/**
 * `slipway data verify` from the command line, on the example repository: dev's chargebacks CSV
 * passes, a broken copy of it fails, an unknown --source is a usage error.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { exampleRepo } from '../support/example-repo.js';

const now = new Date('2026-12-01T00:00:00Z');
const env = { SLIPWAY_ACTOR: 'dave' };

describe('slipway data verify', () => {
  it('dev: the CSV passes; the sources it cannot reach are skipped, and exit 0', async () => {
    const { repo } = exampleRepo();
    const r = await runCli(['data', 'verify', '--env', 'dev', '--no-record'], { cwd: repo.dir, env, now });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chargebacks (csv) PASS\n');
    expect(r.stdout).toContain(
      'transactions (postgres) SKIP: environment variable DEV_WAREHOUSE_URL is not set: set it to the connection URL\n',
    );
    expect(r.stdout.endsWith('\ndev: 6 sources, 7 checks passed, 0 failed, 0 errors, 12 skipped\n')).toBe(true);
  });

  it('--strict: a skipped check fails the run (exit 1); --source keeps to the sources named', async () => {
    const { repo } = exampleRepo();
    const strict = await runCli(['data', 'verify', '--env', 'dev', '--strict', '--no-record'], {
      cwd: repo.dir,
      env,
      now,
    });
    expect(strict.code).toBe(1);
    const one = await runCli(['data', 'verify', '--env', 'dev', '--source', 'chargebacks', '--strict', '--no-record'], {
      cwd: repo.dir,
      env,
      now,
    });
    expect(one.code).toBe(0);
    expect(one.stdout.endsWith('dev: 1 source, 7 checks passed, 0 failed, 0 errors, 0 skipped\n')).toBe(true);
  });

  it('--format json: the documented shape', async () => {
    const { repo } = exampleRepo();
    const r = await runCli(
      ['data', 'verify', '--env', 'dev', '--source', 'chargebacks', '--format', 'json', '--no-record'],
      { cwd: repo.dir, env, now },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(CHARGEBACKS_JSON, null, 2)}\n`);
  });

  it('--format junit: well-formed XML, a suite per source and a case per check', async () => {
    const { repo } = exampleRepo();
    const r = await runCli(['data', 'verify', '--env', 'dev', '--format', 'junit', '--no-record'], {
      cwd: repo.dir,
      env,
      now,
    });
    expect(r.code).toBe(0);
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="slipway data verify dev"')).toBe(
      true,
    );
    expect(xml.match(/<testsuite /g)).toHaveLength(6);
    expect(xml).toContain('<testsuite name="dev/chargebacks" tests="7" failures="0" errors="0" skipped="0"');
    // Balanced: every element opened is closed, in order.
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
  });

  it('a CSV with duplicate keys and nulls fails: exit 1, the failing checks first', async () => {
    const { repo } = exampleRepo();
    repo.write({
      'examples/data/chargebacks.csv': [
        'transaction_id,reason_code,amount,received_at',
        ...Array.from({ length: 10 }, (_, i) => `tx-2026-11-00${String(i + 10)},10.5,1.00,2026-11-08T05:13:00Z`),
        'tx-2026-11-0010,10.5,,2026-11-08T05:13:00Z',
        '',
      ].join('\n'),
    });
    const r = await runCli(['data', 'verify', '--env', 'dev', '--source', 'chargebacks', '--no-record'], {
      cwd: repo.dir,
      env,
      now,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('chargebacks (csv) FAIL\n');
    expect(r.stdout).toContain(
      [
        'chargebacks (csv) FAIL',
        '  FAIL   schema                `amount` has 1 null (nullable: false)',
        '  FAIL   dedup                 1 key of (transaction_id) on more than one row, e.g. transaction_id=tx-2026-11-0010',
        '  PASS   accessible            opened',
      ].join('\n'),
    );
  });

  it('an unknown --source is a usage error (exit 2) with a suggestion', async () => {
    const { repo } = exampleRepo();
    const r = await runCli(['data', 'verify', '--env', 'dev', '--source', 'chargeback', '--no-record'], {
      cwd: repo.dir,
      env,
      now,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: unknown data source "chargeback" in dev\nhint: did you mean `chargebacks` for `chargeback`?; data sources of dev: transactions, chargebacks, customer-activity, customer-profiles, credit-bureau, churn-scores\n',
    );
  });

  it('a bad --timeout and an unknown environment are usage errors', async () => {
    const { repo } = exampleRepo();
    const t = await runCli(['data', 'verify', '--env', 'dev', '--timeout', 'soon'], { cwd: repo.dir, env, now });
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('error: --timeout "soon" is not a duration');
    const e = await runCli(['data', 'verify', '--env', 'qa', '--no-record'], { cwd: repo.dir, env, now });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('error: unknown environment "qa"');
  });
});

/** Key order too: the output is this, stringified with two spaces. */
const CHARGEBACKS_JSON = {
  version: 1,
  environment: 'dev',
  at: '2026-12-01T00:00:00.000Z',
  sources: [
    {
      name: 'chargebacks',
      engine: 'csv',
      status: 'pass',
      checks: [
        {
          name: 'accessible',
          status: 'pass',
          observed: { exists: true },
          expected: { exists: true },
          message: 'opened',
        },
        {
          name: 'schema',
          status: 'pass',
          observed: { missing: [], mismatched: [], nulls: [] },
          expected: { columns: 4 },
          message: '4 declared columns present and typed',
        },
        {
          name: 'dedup',
          status: 'pass',
          observed: { duplicateKeys: 0, example: null },
          expected: { keys: ['transaction_id'] },
          message: 'no two rows share (transaction_id)',
        },
        {
          name: 'regex',
          column: 'transaction_id',
          status: 'pass',
          observed: { notMatching: 0, example: null },
          expected: { pattern: '^tx-[0-9]{4}-[0-9]{2}-[0-9]{4}$' },
          message: 'every value matches `^tx-[0-9]{4}-[0-9]{2}-[0-9]{4}$`',
        },
        {
          name: 'accepted',
          column: 'reason_code',
          status: 'pass',
          observed: { notAccepted: 0, example: null },
          expected: { values: ['10.4', '10.5', '13.1', '13.2', '4837', '4863'] },
          message: 'every value accepted',
        },
        {
          name: 'range',
          column: 'amount',
          status: 'pass',
          observed: { outOfRange: 0, min: 38.56, max: 878.75 },
          expected: { min: 0 },
          message: 'every value >= 0 (observed min 38.56, max 878.75)',
        },
        {
          name: 'rowCount',
          status: 'pass',
          observed: { rows: 24 },
          expected: { min: 10 },
          message: '24 rows (expected >= 10)',
        },
      ],
    },
  ],
  summary: { passed: 7, failed: 0, errors: 0, skipped: 0 },
};
