import { describe, expect, it } from 'vitest';
import {
  CHURN_MODEL,
  ERROR_POLICY,
  FRAUD_DEPLOYMENT,
  FRAUD_MODEL,
  diagnosticsOf,
  findings,
} from '../support/base-rules.js';

const PROD_DEP = 'environments/prod/fraud-detector.yaml';
const PROD_POLICY = 'environments/prod/error-policy.yaml';
const DEV_POLICY = 'environments/dev/error-policy.yaml';
const noPolicy = FRAUD_DEPLOYMENT.replace('  errorPolicy: strict\n', '');

describe('error management', () => {
  it('missing-error-policy: a deployment without one where the environment requires it', async () => {
    expect(await findings({ [PROD_DEP]: noPolicy })).toEqual([['missing-error-policy', PROD_DEP, 5]]);
    const [d] = await diagnosticsOf('missing-error-policy', { [PROD_DEP]: noPolicy });
    expect(d?.message).toBe(
      'deployment `fraud-detector` names no error policy, but environment `prod` requires one (environments/prod/environment.yaml)',
    );
  });

  it('missing-error-policy: passes where the environment does not require one', async () => {
    expect(await findings({ 'environments/dev/fraud-detector.yaml': noPolicy })).toEqual([]);
  });

  it('missing-fallback: the policy of a deployment in a fallback-requiring environment has fallback none', async () => {
    const policy = ERROR_POLICY.replace('type: previousVersion', 'type: none');
    expect(await findings({ [PROD_POLICY]: policy })).toEqual([['missing-fallback', PROD_POLICY, 8]]);
    const [d] = await diagnosticsOf('missing-fallback', { [PROD_POLICY]: policy });
    expect(d?.message).toBe(
      'error policy `strict` has `fallback: {type: none}`, but environment `prod` requires a fallback for 2 deployments',
    );
  });

  it('missing-fallback: no fallback at all', async () => {
    const policy = ERROR_POLICY.replace('  fallback: {type: previousVersion}\n', '');
    expect(await findings({ [PROD_POLICY]: policy })).toEqual([['missing-fallback', PROD_POLICY, 5]]);
  });

  it('missing-fallback: passes where the environment requires none', async () => {
    const policy = ERROR_POLICY.replace('type: previousVersion', 'type: none');
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([]);
  });

  it('static-fallback-needs-value: a static fallback without a value', async () => {
    const policy = ERROR_POLICY.replace('{type: previousVersion}', '{type: static}');
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([['static-fallback-needs-value', DEV_POLICY, 8]]);
  });

  it('static-fallback-needs-value: passes with a value', async () => {
    const policy = ERROR_POLICY.replace('{type: previousVersion}', '{type: static, value: {score: 0.5}}');
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([]);
  });

  it('invalid-backoff: initial above max', async () => {
    const policy = ERROR_POLICY.replace('initial: 50ms', 'initial: 2s');
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([['invalid-backoff', DEV_POLICY, 6]]);
    const [d] = await diagnosticsOf('invalid-backoff', { [DEV_POLICY]: policy });
    expect(d?.message).toBe('retry backoff starts at 2s, above its maximum 1s');
  });

  it('invalid-backoff: passes when initial equals max', async () => {
    const policy = ERROR_POLICY.replace('initial: 50ms', 'initial: 1000ms');
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([]);
  });

  it('invalid-circuit-breaker: a zero rate and a zero window', async () => {
    const policy = ERROR_POLICY.replace(
      '{errorRate: 0.05, window: 1m, cooldown: 30s}',
      '{errorRate: 0, window: 0s, cooldown: 30s}',
    );
    expect(await findings({ [DEV_POLICY]: policy })).toEqual([
      ['invalid-circuit-breaker', DEV_POLICY, 7],
      ['invalid-circuit-breaker', DEV_POLICY, 7],
    ]);
  });

  it('invalid-circuit-breaker: passes for a sane breaker', async () => {
    expect(await findings({ [DEV_POLICY]: ERROR_POLICY })).toEqual([]);
  });

  describe('declarations that cannot work', () => {
    const CHURN_MODEL_FILE = 'models/churn/model.yaml';
    const onlyV2 = CHURN_MODEL.slice(0, CHURN_MODEL.indexOf('    - version: 1.0.0'));
    const DEV_FRAUD = 'environments/dev/fraud-detector.yaml';

    it('fallback-without-previous-version: the model has no version before the one served', async () => {
      expect(await findings({ [CHURN_MODEL_FILE]: onlyV2 })).toEqual([
        ['fallback-without-previous-version', 'environments/dev/churn.yaml', 11],
        ['fallback-without-previous-version', 'environments/prod/churn.yaml', 11],
      ]);
      const [d] = await diagnosticsOf('fallback-without-previous-version', { [CHURN_MODEL_FILE]: onlyV2 });
      expect(d?.message).toBe(
        'error policy `strict` falls back to the previous version, but model `churn` has no version before 2.0.0 (served by `churn`) that is not revoked',
      );
      expect(d?.hint).toBe(
        'give `churn` an error policy with `fallback: {type: static, value: ...}`, or keep an earlier version of `churn` available to fall back to',
      );
      expect(d?.path).toBe('/spec/errorPolicy');
    });

    it('fallback-without-previous-version: a revoked earlier version cannot answer', async () => {
      const model = CHURN_MODEL.replace('status: deprecated', 'status: revoked');
      const ds = await diagnosticsOf('fallback-without-previous-version', { [CHURN_MODEL_FILE]: model });
      expect(ds.map((d) => d.message)).toEqual([
        'error policy `strict` falls back to the previous version, but model `churn` has no version before 2.0.0 (served by `churn`) that is not revoked (`1.0.0` is revoked)',
        'error policy `strict` falls back to the previous version, but model `churn` has no version before 2.0.0 (served by `churn`) that is not revoked (`1.0.0` is revoked)',
      ]);
    });

    it('fallback-without-previous-version: passes during a canary, where the stable version answers', async () => {
      const model = FRAUD_MODEL.slice(0, FRAUD_MODEL.indexOf('    - {version: 0.9.0'));
      // fraud-detector serves 1.1.0 (90%) and 1.0.0 (10%): 1.0.0 is the previous version of 1.1.0.
      expect(await findings({ 'models/fraud-detector/model.yaml': model })).toEqual([]);
    });

    it('static-fallback-violates-contract: the static answer is not what the output contract promises', async () => {
      const policy = ERROR_POLICY.replace('{type: previousVersion}', '{type: static, value: {score: high}}');
      // churn and fraud-detector share the policy and the contract: one finding.
      expect(await findings({ [DEV_POLICY]: policy })).toEqual([['static-fallback-violates-contract', DEV_POLICY, 8]]);
      const [d] = await diagnosticsOf('static-fallback-violates-contract', { [DEV_POLICY]: policy });
      expect(d?.message).toBe(
        'the static fallback value does not satisfy the output contract of `churn` 2.0.0 (served by deployment `churn`): `score` must be number; got `high`',
      );
      expect(d?.hint).toBe(
        'answer with a value that the output contract of 2.0.0 in models/churn/model.yaml accepts, or give `churn` an error policy of its own',
      );
      expect(d?.path).toBe('/spec/fallback/value/score');
    });

    it('static-fallback-violates-contract: a required field missing', async () => {
      const policy = ERROR_POLICY.replace(
        '  fallback: {type: previousVersion}\n',
        '  fallback:\n    type: static\n    value:\n      risk: 0.5\n',
      );
      expect(await findings({ [DEV_POLICY]: policy })).toEqual([['static-fallback-violates-contract', DEV_POLICY, 11]]);
      const [d] = await diagnosticsOf('static-fallback-violates-contract', { [DEV_POLICY]: policy });
      expect(d?.message).toMatch(/: the value must have required property 'score'$/);
    });

    it('static-fallback-violates-contract: passes for an answer the contracts accept', async () => {
      const policy = ERROR_POLICY.replace(
        '{type: previousVersion}',
        '{type: static, value: {score: 0.5, reason: fallback}}',
      );
      expect(await findings({ [DEV_POLICY]: policy })).toEqual([]);
    });

    it('retry-budget-exceeds-deadline: retries outlast the endpoint timeout', async () => {
      const dep = FRAUD_DEPLOYMENT.replace('timeout: 4s}', 'timeout: 2s}');
      expect(await findings({ [DEV_FRAUD]: dep })).toEqual([['retry-budget-exceeds-deadline', DEV_FRAUD, 12]]);
      const [d] = await diagnosticsOf('retry-budget-exceeds-deadline', { [DEV_FRAUD]: dep });
      expect(d?.message).toBe(
        'error policy `strict` may take 3.9s (3 attempts × (300ms timeout + 1s backoff)), longer than the endpoint timeout 2s of `fraud-detector`',
      );
      expect(d?.hint).toBe(
        "fit the retries into 2s: fewer attempts, a shorter timeout or a smaller backoff `max` (in an error policy of its own if others share `strict`), or relax the deployment's limit",
      );
      expect(d?.path).toBe('/spec/errorPolicy');
    });

    it('retry-budget-exceeds-deadline: retries outlast the SLO latencyP99', async () => {
      const dep = `${FRAUD_DEPLOYMENT}  slo: {latencyP99: 500ms}\n`;
      const policy = ERROR_POLICY.replace(
        'backoff: {initial: 50ms, max: 1s}',
        'backoff: {initial: 50ms, multiplier: 2}',
      );
      const files = { [DEV_FRAUD]: dep, [DEV_POLICY]: policy };
      expect(await findings(files)).toEqual([['retry-budget-exceeds-deadline', DEV_FRAUD, 12]]);
      const [d] = await diagnosticsOf('retry-budget-exceeds-deadline', files);
      // Without `max`, the longest backoff is the third attempt's: 50ms × 2.
      expect(d?.message).toBe(
        'error policy `strict` may take 1.2s (3 attempts × (300ms timeout + 100ms backoff)), longer than the SLO latencyP99 500ms of `fraud-detector`',
      );
    });

    it('retry-budget-exceeds-deadline: passes when the retries fit, and a single attempt waits no backoff', async () => {
      expect(await findings({ [DEV_FRAUD]: FRAUD_DEPLOYMENT.replace('timeout: 4s}', 'timeout: 3900ms}') })).toEqual([]);
      const dep = FRAUD_DEPLOYMENT.replace('timeout: 4s}', 'timeout: 300ms}');
      const policy = ERROR_POLICY.replace('maxAttempts: 3', 'maxAttempts: 1');
      expect(await findings({ [DEV_FRAUD]: dep, [DEV_POLICY]: policy })).toEqual([]);
    });
  });
});
