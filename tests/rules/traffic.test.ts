import { describe, expect, it } from 'vitest';
import { CHURN_DEPLOYMENT, FRAUD_DEPLOYMENT, FRAUD_MODEL, diagnosticsOf, findings } from '../support/base-rules.js';

const DEV = 'environments/dev/fraud-detector.yaml';
const PROD = 'environments/prod/fraud-detector.yaml';
const MODEL = 'models/fraud-detector/model.yaml';

const withStatus = (version: string, status: string): string =>
  FRAUD_MODEL.replace(
    `- version: ${version}\n      status: approved`,
    `- version: ${version}\n      status: ${status}`,
  );

describe('traffic', () => {
  it('traffic-sum: percents must sum to 100', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('percent: 10', 'percent: 5');
    expect(await findings({ [DEV]: yaml })).toEqual([['traffic-sum', DEV, 7]]);
    const [d] = await diagnosticsOf('traffic-sum', { [DEV]: yaml });
    expect(d?.message).toBe('traffic percents sum to 95 (1.1.0: 90, 1.0.0: 5); they must sum to 100');
    expect(d?.hint).toBe('add 5 to one of the entries');
    expect(d?.path).toBe('/spec/traffic');
  });

  it('traffic-sum: passes for 100', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('percent: 90', 'percent: 95').replace('percent: 10', 'percent: 5');
    expect(await findings({ [DEV]: yaml })).toEqual([]);
  });

  it('traffic-duplicate-version: a version appears twice', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('version: 1.0.0, percent: 10', 'version: 1.1.0, percent: 10');
    expect(await findings({ [DEV]: yaml })).toEqual([['traffic-duplicate-version', DEV, 8]]);
    const [d] = await diagnosticsOf('traffic-duplicate-version', { [DEV]: yaml });
    expect(d?.message).toBe('version 1.1.0 appears twice in traffic (entries 0 and 1)');
    expect(d?.hint).toBe('merge them into one entry with percent 100');
  });

  it('traffic-duplicate-version: passes for distinct versions', async () => {
    expect(await findings({ [DEV]: FRAUD_DEPLOYMENT })).toEqual([]);
  });

  it('revoked-version-live: a revoked version with traffic is an error', async () => {
    expect(await findings({ [MODEL]: withStatus('1.0.0', 'revoked') })).toEqual([
      ['revoked-version-live', 'environments/dev/fraud-detector.yaml', 8],
      ['revoked-version-live', 'environments/prod/fraud-detector.yaml', 8],
    ]);
  });

  it('revoked-version-live: passes with 0% on the revoked version', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('percent: 10}', 'percent: 0}').replace('percent: 90', 'percent: 100');
    expect(await findings({ [MODEL]: withStatus('1.0.0', 'revoked'), [DEV]: yaml, [PROD]: yaml })).toEqual([]);
  });

  it('deprecated-version-live: a deprecated version with traffic warns', async () => {
    const r = await findings({ [MODEL]: withStatus('1.0.0', 'deprecated') });
    expect(r).toEqual([
      ['deprecated-version-live', DEV, 8],
      ['deprecated-version-live', PROD, 8],
    ]);
    const [d] = await diagnosticsOf('deprecated-version-live', { [MODEL]: withStatus('1.0.0', 'deprecated') });
    expect(d?.severity).toBe('warning');
  });

  it('deprecated-version-live: passes when it has no traffic', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('percent: 10}', 'percent: 0}').replace('percent: 90', 'percent: 100');
    expect(await findings({ [MODEL]: withStatus('1.0.0', 'deprecated'), [DEV]: yaml, [PROD]: yaml })).toEqual([]);
  });

  it('candidate-beyond-first-env: a candidate in prod is an error, in dev it is fine', async () => {
    expect(await findings({ [MODEL]: withStatus('1.1.0', 'candidate') })).toEqual([
      ['candidate-beyond-first-env', PROD, 7],
    ]);
    const [d] = await diagnosticsOf('candidate-beyond-first-env', { [MODEL]: withStatus('1.1.0', 'candidate') });
    expect(d?.message).toBe(
      'version 1.1.0 of `fraud-detector` is a candidate, but `prod` is not the first environment (`dev`)',
    );
  });

  it('candidate-beyond-first-env: passes when prod serves approved versions only', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('- {version: 1.1.0, percent: 90}\n', '').replace(
      'percent: 10',
      'percent: 100',
    );
    expect(await findings({ [MODEL]: withStatus('1.1.0', 'candidate'), [PROD]: yaml })).toEqual([]);
  });

  it('realtime-needs-endpoint: a realtime deployment without an endpoint', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('  endpoint: {path: /v1/fraud, timeout: 4s}\n', '');
    expect(await findings({ [DEV]: yaml })).toEqual([['realtime-needs-endpoint', DEV, 9]]);
  });

  it('realtime-needs-endpoint: passes with an endpoint', async () => {
    expect(await findings({ [DEV]: FRAUD_DEPLOYMENT })).toEqual([]);
  });

  it('batch-needs-schedule and batch-needs-output: a batch deployment without them', async () => {
    const yaml = CHURN_DEPLOYMENT.replace('  schedule: "0 2 * * *"\n', '').replace(
      '  output: {dataSource: churn-scores}\n',
      '',
    );
    expect(await findings({ 'environments/dev/churn.yaml': yaml })).toEqual([
      ['batch-needs-output', 'environments/dev/churn.yaml', 7],
      ['batch-needs-schedule', 'environments/dev/churn.yaml', 7],
    ]);
  });

  it('batch-needs-schedule and batch-needs-output: pass with both', async () => {
    expect(await findings({ 'environments/dev/churn.yaml': CHURN_DEPLOYMENT })).toEqual([]);
  });

  it('mode-field-mismatch: fields of the other mode warn', async () => {
    const batch = CHURN_DEPLOYMENT + '  endpoint: {path: /v1/churn}\n';
    const realtime = FRAUD_DEPLOYMENT + '  schedule: "0 1 * * *"\n';
    expect(await findings({ 'environments/dev/churn.yaml': batch, [DEV]: realtime })).toEqual([
      ['mode-field-mismatch', 'environments/dev/churn.yaml', 12],
      ['mode-field-mismatch', DEV, 14],
    ]);
    const [d] = await diagnosticsOf('mode-field-mismatch', { [DEV]: realtime });
    expect(d?.severity).toBe('warning');
    expect(d?.column).toBe(3);
  });

  it('mode-field-mismatch: passes when each mode has its own fields only', async () => {
    expect(await findings({ 'environments/dev/churn.yaml': CHURN_DEPLOYMENT, [DEV]: FRAUD_DEPLOYMENT })).toEqual([]);
  });

  it('duplicate-endpoint-path: two deployments share a path in one environment', async () => {
    const other = FRAUD_DEPLOYMENT.replace('name: fraud-detector}', 'name: fraud-shadow}');
    // Both files get the finding: either deployment may be the one to move.
    expect(await findings({ 'environments/dev/shadow.yaml': other })).toEqual([
      ['duplicate-endpoint-path', 'environments/dev/fraud-detector.yaml', 10],
      ['duplicate-endpoint-path', 'environments/dev/shadow.yaml', 10],
    ]);
    const ds = await diagnosticsOf('duplicate-endpoint-path', { 'environments/dev/shadow.yaml': other });
    expect(ds.map((d) => d.message)).toEqual([
      'endpoint path `/v1/fraud` is also used by deployment `fraud-shadow` (environments/dev/shadow.yaml) in environment `dev`',
      'endpoint path `/v1/fraud` is also used by deployment `fraud-detector` (environments/dev/fraud-detector.yaml) in environment `dev`',
    ]);
    expect(ds[1]?.hint).toBe('give each deployment its own path, e.g. /v1/fraud-shadow for `fraud-shadow`');
  });

  it('duplicate-endpoint-path: three deployments on one path, each reported once', async () => {
    const other = (name: string): string => FRAUD_DEPLOYMENT.replace('name: fraud-detector}', `name: ${name}}`);
    const files = { 'environments/dev/shadow.yaml': `${other('fraud-shadow')}---\n${other('fraud-replay')}` };
    expect(await findings(files)).toEqual([
      ['duplicate-endpoint-path', 'environments/dev/fraud-detector.yaml', 10],
      ['duplicate-endpoint-path', 'environments/dev/shadow.yaml', 10],
      ['duplicate-endpoint-path', 'environments/dev/shadow.yaml', 24],
    ]);
    const [d] = await diagnosticsOf('duplicate-endpoint-path', files);
    expect(d?.message).toBe(
      'endpoint path `/v1/fraud` is also used by deployments `fraud-shadow` (environments/dev/shadow.yaml) and `fraud-replay` (environments/dev/shadow.yaml) in environment `dev`',
    );
  });

  it('duplicate-endpoint-path: passes with distinct paths (and the same path in another environment)', async () => {
    const other = FRAUD_DEPLOYMENT.replace('name: fraud-detector}', 'name: fraud-shadow}').replace(
      '/v1/fraud',
      '/v1/fraud-shadow',
    );
    expect(await findings({ 'environments/dev/shadow.yaml': other })).toEqual([]);
  });

  it('invalid-replicas: min above max', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('{min: 1, max: 4}', '{min: 5, max: 4}');
    expect(await findings({ [DEV]: yaml })).toEqual([['invalid-replicas', DEV, 13]]);
  });

  it('invalid-replicas: passes when min equals max', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('{min: 1, max: 4}', '{min: 4, max: 4}');
    expect(await findings({ [DEV]: yaml })).toEqual([]);
  });
});
