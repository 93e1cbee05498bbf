import { describe, expect, it } from 'vitest';
import { AccessIndex, globMatch, type RuleSource } from '../../src/validate/access-eval.js';
import type { AccessRule } from '../../src/kinds/index.js';
import { ACCESS_POLICY, diagnosticsOf, findings } from '../support/base-rules.js';

const ACCESS = 'environments/dev/access.yaml';

describe('access', () => {
  it('consumer-not-allowed: no rule allows the consumer (default deny)', async () => {
    const access = ACCESS_POLICY.replace('actions: [invoke]', 'actions: [read-output]');
    expect(await findings({ [ACCESS]: access })).toEqual([
      ['consumer-not-allowed', 'environments/dev/consumers.yaml', 7],
    ]);
    const [d] = await diagnosticsOf('consumer-not-allowed', { [ACCESS]: access });
    expect(d?.message).toBe(
      '`service:checkout` may not `invoke` `deployment:fraud-detector` (realtime): no access rule allows it, and access is denied by default',
    );
    expect(d?.hint).toBe(
      'add to an AccessPolicy in environments/dev/: {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}',
    );
  });

  it('consumer-not-allowed: a batch deployment needs read-output, and an explicit deny wins', async () => {
    const access =
      ACCESS_POLICY.replace('actions: [read-output]', 'actions: [invoke]') +
      '    - {effect: deny, subjects: [service:*], actions: [invoke], resources: [deployment:fraud-*]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([
      ['consumer-not-allowed', 'environments/dev/consumers.yaml', 7],
      ['consumer-not-allowed', 'environments/dev/consumers.yaml', 14],
    ]);
    const ds = await diagnosticsOf('consumer-not-allowed', { [ACCESS]: access });
    expect(ds[0]?.message).toBe(
      '`service:checkout` may not `invoke` `deployment:fraud-detector` (realtime): denied by rule 2 of AccessPolicy `access` (environments/dev/access.yaml)',
    );
  });

  it('consumer-not-allowed: passes with globbed resources and rules spread over several policies', async () => {
    const access = ACCESS_POLICY.replace('resources: [deployment:churn]', 'resources: [deployment:ch*]').replace(
      '    - {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}\n',
      '    - {effect: allow, subjects: [service:nobody-else], actions: [invoke], resources: [deployment:fraud-detector]}\n',
    );
    const second =
      'apiVersion: slipway.dev/v1\nkind: AccessPolicy\nmetadata: {name: checkout}\nspec:\n  rules:\n    - {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}\n';
    const r = await findings({ [ACCESS]: access, 'environments/dev/access-checkout.yaml': second });
    expect(r).toEqual([['unknown-subject', ACCESS, 6]]);
  });

  it('pii-wildcard-access: a wildcard subject may invoke a deployment that reads pii', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:checkout]', 'subjects: [service:*]');
    expect(await findings({ [ACCESS]: access })).toEqual([['pii-wildcard-access', ACCESS, 6]]);
    const [d] = await diagnosticsOf('pii-wildcard-access', { [ACCESS]: access });
    expect(d?.message).toBe(
      'wildcard subject `service:*` is allowed to invoke `deployment:fraud-detector`, which reads pii data (`transactions`)',
    );
    expect(d?.path).toBe('/spec/rules/0/subjects/0');
  });

  it('pii-wildcard-access: a wildcard resource reaching a pii deployment', async () => {
    const access = ACCESS_POLICY.replace('resources: [deployment:fraud-detector]', 'resources: [deployment:*]');
    expect(await findings({ [ACCESS]: access })).toEqual([['pii-wildcard-access', ACCESS, 6]]);
    const [d] = await diagnosticsOf('pii-wildcard-access', { [ACCESS]: access });
    expect(d?.path).toBe('/spec/rules/0/resources/0');
  });

  it('pii-wildcard-access: passes for wildcards on deployments without pii inputs, and for named subjects', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:crm]', 'subjects: [service:crm, service:*]');
    expect(await findings({ [ACCESS]: access })).toEqual([]);
  });

  it('pii-wildcard-read-data: a wildcard subject may read a pii data source', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: allow, subjects: [team:platform, team:*], actions: [read-data], resources: [datasource:transactions]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([['pii-wildcard-read-data', ACCESS, 8]]);
    const [d] = await diagnosticsOf('pii-wildcard-read-data', { [ACCESS]: access });
    expect(d?.message).toBe(
      'wildcard subject `team:*` is allowed to read-data on `datasource:transactions`, which is classified pii',
    );
    expect(d?.hint).toBe(
      'list the teams, users or services that need `transactions` by name (e.g. team:data-eng); pii data sources are never open to wildcards',
    );
    expect(d?.path).toBe('/spec/rules/2/subjects/1');
  });

  it('pii-wildcard-read-data: a wildcard resource reaching a pii data source', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: allow, subjects: [team:platform], actions: [read-data], resources: [datasource:cust*, "datasource:*"]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([['pii-wildcard-read-data', ACCESS, 8]]);
    const [d] = await diagnosticsOf('pii-wildcard-read-data', { [ACCESS]: access });
    expect(d?.message).toBe(
      'wildcard resource `datasource:*` allows read-data on `datasource:transactions`, classified pii, to `team:platform`',
    );
    expect(d?.path).toBe('/spec/rules/2/resources/1');
  });

  it('pii-wildcard-read-data: passes for named subjects on pii sources, and wildcards on other sources', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: allow, subjects: [team:platform], actions: [read-data], resources: [datasource:transactions]}\n' +
      '    - {effect: allow, subjects: [team:*], actions: [read-data], resources: [datasource:customers, "datasource:churn-*"]}\n' +
      '    - {effect: allow, subjects: [team:*], actions: [read-output], resources: [deployment:churn]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([]);
  });

  it('input-denied-to-owner: a deployment reads a source its model owners are denied', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: deny, subjects: [team:risk-ml], actions: [read-data], resources: [datasource:transactions]}\n';
    const dep = 'environments/dev/fraud-detector.yaml';
    expect(await findings({ [ACCESS]: access })).toEqual([['input-denied-to-owner', dep, 11]]);
    const [d] = await diagnosticsOf('input-denied-to-owner', { [ACCESS]: access });
    expect(d?.message).toBe(
      "deployment `fraud-detector` reads `transactions` with the rights of model `fraud-detector`'s owner `team:risk-ml`, but rule 2 of AccessPolicy `access` (environments/dev/access.yaml) denies `team:risk-ml` read-data on `datasource:transactions`",
    );
    expect(d?.hint).toBe(
      'remove `transactions` from the inputs of `fraud-detector`; or, if `team:risk-ml` may read it after all, narrow that deny rule',
    );
    expect(d?.path).toBe('/spec/inputs/0');
  });

  it('input-denied-to-owner: a globbed deny covers the input too, whatever an allow says', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: allow, subjects: [team:risk-ml], actions: [read-data], resources: [datasource:customers]}\n' +
      '    - {effect: deny, subjects: [team:risk-ml], actions: [read-data], resources: ["datasource:cust*"]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([
      ['input-denied-to-owner', 'environments/dev/churn.yaml', 10],
    ]);
  });

  it('input-denied-to-owner: passes for denies of other teams, other actions or other sources', async () => {
    const access =
      ACCESS_POLICY +
      '    - {effect: deny, subjects: [team:platform], actions: [read-data], resources: [datasource:transactions]}\n' +
      '    - {effect: deny, subjects: [team:risk-ml], actions: [apply], resources: [deployment:fraud-detector]}\n' +
      '    - {effect: deny, subjects: [team:risk-ml], actions: [read-data], resources: [datasource:churn-scores]}\n';
    expect(await findings({ [ACCESS]: access })).toEqual([]);
  });
});

describe('AccessIndex', () => {
  const src = (rule: AccessRule, index = 0): RuleSource<string> => ({ policy: 'p', index, rule });

  it('default deny, allow, and deny over allow', () => {
    const index = new AccessIndex([
      src({ effect: 'allow', subjects: ['service:a'], actions: ['invoke'], resources: ['deployment:x'] }, 0),
      src({ effect: 'deny', subjects: ['service:*'], actions: ['invoke'], resources: ['deployment:y*'] }, 1),
      src({ effect: 'allow', subjects: ['service:b'], actions: ['invoke'], resources: ['deployment:*'] }, 2),
    ]);
    expect(index.decide('service:a', 'invoke', 'deployment:x').effect).toBe('allow');
    expect(index.decide('service:a', 'read-output', 'deployment:x').effect).toBe('default-deny');
    expect(index.decide('service:c', 'invoke', 'deployment:x').effect).toBe('default-deny');
    expect(index.decide('service:b', 'invoke', 'deployment:z').effect).toBe('allow');
    const denied = index.decide('service:b', 'invoke', 'deployment:yes');
    expect(denied.effect === 'deny' && denied.by.index).toBe(1);
  });

  it('team rules cover their members', () => {
    const index = new AccessIndex(
      [src({ effect: 'allow', subjects: ['team:risk'], actions: ['promote'], resources: ['model:*'] })],
      { risk: { members: ['alice'] } },
    );
    expect(index.decide('user:alice', 'promote', 'model:fraud').effect).toBe('allow');
    expect(index.decide('user:bob', 'promote', 'model:fraud').effect).toBe('default-deny');
  });

  it('globMatch', () => {
    expect(globMatch('deployment:fraud-*', 'deployment:fraud-detector')).toBe(true);
    expect(globMatch('deployment:*-detector', 'deployment:fraud-detector')).toBe(true);
    expect(globMatch('deployment:f*d*r', 'deployment:fraud-detector')).toBe(true);
    expect(globMatch('deployment:f*x', 'deployment:fraud-detector')).toBe(false);
    expect(globMatch('deployment:fraud', 'deployment:fraud-detector')).toBe(false);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });
});
