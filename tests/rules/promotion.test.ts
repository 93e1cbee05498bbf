import { describe, expect, it } from 'vitest';
import { DEV_ENVIRONMENT, PROD_ENVIRONMENT, PROJECT, diagnosticsOf, findings } from '../support/base-rules.js';

const PROD = 'environments/prod/environment.yaml';
const DEV = 'environments/dev/environment.yaml';

describe('promotion', () => {
  it('promotion-order: from is not the previous environment', async () => {
    const project = PROJECT.replace('environments: [dev, prod]', 'environments: [dev, staging, prod]');
    const staging = DEV_ENVIRONMENT.replace('name: dev', 'name: staging') + '  promotion: {from: dev}\n';
    const files = { 'slipway.yaml': project, 'environments/staging/environment.yaml': staging };
    expect(await findings(files)).toEqual([['promotion-order', PROD, 7]]);
    const [d] = await diagnosticsOf('promotion-order', files);
    expect(d?.message).toBe(
      'promotion.from is `dev`, but the environment before `prod` in Project order (`dev`, `staging` and `prod`) is `staging`',
    );
    expect(d?.hint).toBe('set `from: staging`, or reorder spec.environments in slipway.yaml');
  });

  it('promotion-order: the first environment promotes from nowhere', async () => {
    const dev = DEV_ENVIRONMENT + '  promotion: {from: prod}\n';
    expect(await findings({ [DEV]: dev })).toEqual([['promotion-order', DEV, 6]]);
  });

  it('promotion-order: passes for the previous environment', async () => {
    expect(await findings({ [PROD]: PROD_ENVIRONMENT })).toEqual([]);
  });

  it('invalid-freeze-window: ends before it starts', async () => {
    const env = PROD_ENVIRONMENT.replace('to: "2027-01-03T00:00:00Z"', 'to: "2026-12-01T00:00:00Z"');
    expect(await findings({ [PROD]: env })).toEqual([['invalid-freeze-window', PROD, 11]]);
    const [d] = await diagnosticsOf('invalid-freeze-window', { [PROD]: env });
    expect(d?.message).toBe(
      'freeze window `holidays` ends (2026-12-01T00:00:00Z) before it starts (2026-12-20T00:00:00Z)',
    );
  });

  it('invalid-freeze-window: passes when it ends later, across time zones', async () => {
    const env = PROD_ENVIRONMENT.replace('to: "2027-01-03T00:00:00Z"', 'to: "2026-12-20T00:30:00-01:00"');
    expect(await findings({ [PROD]: env })).toEqual([]);
  });

  it('invalid-metric-gate: min above max, and a gate with no bound', async () => {
    const env = PROD_ENVIRONMENT.replace(
      'metrics: [{name: auc, min: 0.9, models: [fraud-detector]}]',
      'metrics: [{name: auc, min: 0.9, max: 0.8}, {name: latency}]',
    );
    expect(await findings({ [PROD]: env })).toEqual([
      ['invalid-metric-gate', PROD, 10],
      ['invalid-metric-gate', PROD, 10],
    ]);
  });

  it('invalid-metric-gate: passes with min below max', async () => {
    const env = PROD_ENVIRONMENT.replace('min: 0.9,', 'min: 0.9, max: 1,');
    expect(await findings({ [PROD]: env })).toEqual([]);
  });

  it('approvals-unsatisfiable: more approvals than approvers', async () => {
    const env = PROD_ENVIRONMENT.replace('required: 1', 'required: 3');
    expect(await findings({ [PROD]: env })).toEqual([['approvals-unsatisfiable', PROD, 9]]);
    const [d] = await diagnosticsOf('approvals-unsatisfiable', { [PROD]: env });
    expect(d?.message).toBe('promotion needs 3 approvals from `team:risk-ml`, but only 2 people can approve');
  });

  it('approvals-unsatisfiable: one approval from a team without members, counted in the singular', async () => {
    const project = PROJECT.replace(
      '    platform: {members: [dave]}\n',
      '    platform: {members: [dave]}\n    nobody: {members: []}\n',
    );
    const env = PROD_ENVIRONMENT.replace('from: [team:risk-ml]', 'from: [team:nobody]');
    const files = { 'slipway.yaml': project, [PROD]: env };
    expect(await findings(files)).toEqual([['approvals-unsatisfiable', PROD, 9]]);
    const [d] = await diagnosticsOf('approvals-unsatisfiable', files);
    expect(d?.message).toBe('promotion needs 1 approval from `team:nobody`, but only 0 people can approve');
  });

  it('approvals-unsatisfiable: passes when users and teams together are enough', async () => {
    const env = PROD_ENVIRONMENT.replace(
      'required: 1, from: [team:risk-ml]',
      'required: 3, from: [team:risk-ml, user:erin, user:alice]',
    );
    expect(await findings({ [PROD]: env })).toEqual([]);
  });
});
