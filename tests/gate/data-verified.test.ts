/**
 * `promotion.dataVerified`: promoting into prod needs, for each input of the deployment, a
 * passing `data verify` run recorded in prod within the duration, read from `gate --state`.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { VerificationRun } from '../../src/state/store.js';
import { runCli } from '../support/cli.js';
import { deployment, deploymentFile, environment, gateRepo } from '../support/base-gate.js';
import { gitRepo, type TestRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';

const now = new Date('2026-11-28T12:00:00Z');
const inputs = '  inputs: [transactions, chargebacks]\n';
const source = (name: string): string => `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: ${name}}
spec:
  type: file
  engine: csv
  location: {path: data/${name}.csv}
  owner: team:risk-ml
  classification: internal
`;

const run = (at: string, sources: Array<[string, VerificationRun['sources'][number]['status']]>): VerificationRun => ({
  env: 'prod',
  at,
  revision: 'c'.repeat(40),
  dirty: false,
  runId: at,
  sources: sources.map(([name, status]) => ({
    source: name,
    engine: 'csv',
    status,
    summary: { passed: 1, failed: status === 'fail' ? 1 : 0, errors: 0, skipped: 0 },
  })),
});

async function storeWith(runs: VerificationRun[]): Promise<string> {
  const file = path.join(tempDir(), 'state.db');
  const store = await openSqliteStore(file, { display: 'state.db' });
  for (const r of runs) await store.recordVerification(r);
  await store.close();
  return file;
}

type Doc = { changes: Array<{ checks: Array<{ check: string; verdict: string; reason: string; evidence?: string }> }> };

describe('gate: data-verified', () => {
  let repo: TestRepo;
  const gate = async (...extra: string[]): Promise<Doc['changes'][number]['checks']> => {
    const r = await runCli(
      ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'json', ...extra],
      { now },
    );
    return (JSON.parse(r.stdout) as Doc).changes[0]!.checks.filter((c) => c.check === 'data-verified');
  };

  beforeAll(() => {
    repo = gitRepo(
      {
        ...gateRepo(),
        'environments/prod/environment.yaml': environment('prod', {
          promotion: '  promotion:\n    from: staging\n    dataVerified: 24h',
        }),
        'environments/prod/data-sources.yaml': `${source('transactions')}---\n${source('chargebacks')}`,
        [deploymentFile('prod')]: deployment('prod', [['3.2.0', 100]], inputs),
        [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]),
      },
      { date: '2026-11-01T10:00:00Z' },
    );
    repo.git('checkout', '-q', '-b', 'promote');
    repo.commit(
      { [deploymentFile('prod')]: deployment('prod', [['3.3.0', 100]], inputs) },
      { date: '2026-11-28T09:00:00Z' },
    );
  }, 120_000);

  it('passes with a passing run of every input 2h old', async () => {
    const file = await storeWith([
      run('2026-11-28T10:00:00.000Z', [
        ['transactions', 'pass'],
        ['chargebacks', 'pass'],
      ]),
    ]);
    expect(await gate('--state', `sqlite:${file}`)).toEqual([
      {
        check: 'data-verified',
        verdict: 'pass',
        reason: 'transactions: last passed 2h ago (≤ 24h); chargebacks: last passed 2h ago (≤ 24h)',
        evidence: `state store ${file}`,
      },
    ]);
  }, 120_000);

  it('fails with a passing run 3d old (a newer one failed), and a source never verified', async () => {
    const file = await storeWith([
      run('2026-11-25T12:00:00.000Z', [['transactions', 'pass']]),
      run('2026-11-28T11:00:00.000Z', [
        ['transactions', 'fail'],
        ['chargebacks', 'error'],
      ]),
    ]);
    expect(await gate('--state', `sqlite:${file}`)).toEqual([
      {
        check: 'data-verified',
        verdict: 'fail',
        reason: 'transactions: last passed 3d ago (> 24h); chargebacks: no passing verification recorded in prod',
        evidence: `state store ${file}`,
      },
    ]);
  }, 120_000);

  it('fails when the store does not exist (the default .slipway/state.db of a fresh clone): there is no record to read', async () => {
    expect(await gate()).toEqual([
      {
        check: 'data-verified',
        verdict: 'fail',
        reason:
          'prod requires a passing `slipway data verify` within 24h of transactions, chargebacks; state store .slipway/state.db does not exist, so no run is recorded in it',
      },
    ]);
  }, 120_000);
});
