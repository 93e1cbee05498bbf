import { describe, expect, it } from 'vitest';
import { buildOperatorReport } from '../../src/status/report.js';
import { EXAMPLE_DATA, REV_DEV, REV_PROD, exampleAudit, exampleConfig, exampleStatus } from './fixture.js';

const input = async () => ({
  config: await exampleConfig(),
  status: exampleStatus(),
  audit: exampleAudit(),
  generatedAt: '2026-11-28T12:00:00.000Z',
});

describe('buildOperatorReport', () => {
  it('puts environments in promotion order, and each deployment’s live and declared traffic in its cells', async () => {
    const report = buildOperatorReport(await input());
    expect(report.project).toBe('acme-ml');
    expect(report.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(report.rows.map((r) => r.deployment)).toEqual(['churn-scorer', 'credit-limit', 'fraud-detector']);
    const fraud = report.rows.find((r) => r.deployment === 'fraud-detector')!;
    expect(fraud.description).toMatch(/^Scores card transactions for fraud risk at checkout/);
    expect(fraud.cells.map((c) => c.env)).toEqual(['dev', 'staging', 'prod']);
    expect(fraud.cells[2]).toEqual({
      env: 'prod',
      declared: [
        { version: '3.2.0', percent: 90, status: 'approved' },
        { version: '3.3.0', percent: 10, status: 'approved' },
      ],
      live: [
        { version: '3.2.0', percent: 90, status: 'approved' },
        { version: '3.3.0', percent: 10, status: 'approved' },
      ],
      sync: 'synced',
    });
    expect(fraud.cells[0]?.live).toEqual([{ version: '4.0.0', percent: 100, status: 'candidate' }]);
    const churnProd = report.rows.find((r) => r.deployment === 'churn-scorer')!.cells[2];
    expect(churnProd).toMatchObject({ sync: 'synced', drift: 'changed' });
  });

  it('lists what is live in an environment and not yet in the next', async () => {
    const report = buildOperatorReport(await input());
    expect(report.pending).toEqual([
      {
        deployment: 'churn-scorer',
        model: 'churn-scorer',
        version: '2.2.0',
        from: 'dev',
        to: 'staging',
        percent: 100,
        status: 'candidate',
      },
      {
        deployment: 'churn-scorer',
        model: 'churn-scorer',
        version: '2.1.0',
        from: 'staging',
        to: 'prod',
        percent: 100,
        status: 'approved',
      },
      {
        deployment: 'credit-limit',
        model: 'credit-limit',
        version: '1.2.0',
        from: 'dev',
        to: 'staging',
        percent: 100,
        status: 'candidate',
      },
      {
        deployment: 'fraud-detector',
        model: 'fraud-detector',
        version: '4.0.0',
        from: 'dev',
        to: 'staging',
        percent: 100,
        status: 'candidate',
      },
    ]);
  });

  it('marks what git and the store disagree on', async () => {
    const base = await input();
    const status = exampleStatus();
    const prod = status.environments[2]!;
    prod.deployments = prod.deployments.filter((d) => d.name !== 'credit-limit');
    prod.deployments.push({ ...prod.deployments[0]!, name: 'old-model', model: 'old-model' });
    status.environments[0] = { env: 'dev', lastApply: null, resources: 0, deployments: [], drift: [], lock: null };
    const report = buildOperatorReport({ ...base, status });
    const sync = (dep: string, env: number) => report.rows.find((r) => r.deployment === dep)!.cells[env]!.sync;
    expect(sync('credit-limit', 2)).toBe('out-of-sync');
    expect(sync('old-model', 2)).toBe('not-declared');
    expect(sync('old-model', 1)).toBe('absent');
    expect(sync('fraud-detector', 0)).toBe('not-applied');
    expect(report.environments[0]?.lastApply).toBeNull();
  });

  it('keeps the newest audit rows first, with operator, revision and traffic, and the lock and data results', async () => {
    const report = buildOperatorReport({ ...(await input()), timelineLimit: 2, data: EXAMPLE_DATA });
    expect(report.timeline).toEqual([
      {
        env: 'dev',
        at: '2026-11-27T09:00:00.000Z',
        operator: 'ci-bot',
        revision: REV_DEV,
        dirty: false,
        action: 'update',
        kind: 'Deployment',
        name: 'fraud-detector',
        traffic: { before: [{ version: '3.3.0', percent: 100 }], after: [{ version: '4.0.0', percent: 100 }] },
        drift: false,
      },
      expect.objectContaining({ env: 'staging', name: 'churn-scorer' }),
    ]);
    expect(report.environments[2]?.lock?.owner).toBe('dave');
    expect(report.environments[2]?.lastApply?.revision).toBe(REV_PROD);
    expect(report.data?.map((d) => `${d.env}/${d.dataSource}`)).toEqual([
      'staging/customer-profiles',
      'prod/transactions',
    ]);
  });
});
