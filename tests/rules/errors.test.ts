import { describe, expect, it } from 'vitest';
import { ERROR_POLICY, FRAUD_DEPLOYMENT, diagnosticsOf, findings } from '../support/base-rules.js';

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
});
