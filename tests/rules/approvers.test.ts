import { describe, expect, it } from 'vitest';
import { HEAD } from '../support/config-repo.js';
import { PROD_ENVIRONMENT, diagnosticsOf, findings } from '../support/base-rules.js';

const APPROVE = 'environments/prod/approve.yaml';
const approve = (...rules: string[]): string =>
  `${HEAD}kind: AccessPolicy\nmetadata: {name: approve}\nspec:\n  rules:\n${rules.map((r) => `    - ${r}\n`).join('')}`;
const OWNERS_APPROVE_DEPLOYMENTS =
  '{effect: allow, subjects: [team:risk-ml], actions: [approve], resources: ["deployment:*"]}';

describe('approvers', () => {
  it('approvers-not-allowed: prod mentions approve, and nobody in approvals.from may approve churn', async () => {
    const files = {
      [APPROVE]: approve(
        '{effect: allow, subjects: [team:risk-ml], actions: [approve], resources: [deployment:fraud-detector]}',
      ),
    };
    expect(await findings(files)).toEqual([['approvers-not-allowed', 'environments/prod/churn.yaml', 3]]);
    const [d] = await diagnosticsOf('approvers-not-allowed', files);
    expect(d?.message).toBe(
      '`prod` takes 1 approval from `team:risk-ml` to promote `churn`, but its AccessPolicies mention `approve` and allow it on `deployment:churn` to none of them',
    );
    expect(d?.hint).toBe(
      'allow `approve` on deployment:churn to enough of them in an AccessPolicy of environments/prod/, or lower approvals.required',
    );
  });

  it('approvers-not-allowed: a deny leaves fewer than required, named', async () => {
    const env = PROD_ENVIRONMENT.replace('required: 1', 'required: 2');
    const files = {
      'environments/prod/environment.yaml': env,
      [APPROVE]: approve(
        OWNERS_APPROVE_DEPLOYMENTS,
        '{effect: deny, subjects: [user:bob], actions: [approve], resources: [deployment:churn]}',
      ),
    };
    const [d] = await diagnosticsOf('approvers-not-allowed', files);
    expect(d?.message).toBe(
      '`prod` takes 2 approvals from `team:risk-ml` to promote `churn`, but its AccessPolicies mention `approve` and allow it on `deployment:churn` to only `alice`',
    );
  });

  it('approvers-not-allowed: passes when enough of them may approve each deployment, or when no rule mentions approve', async () => {
    expect(await findings({ [APPROVE]: approve(OWNERS_APPROVE_DEPLOYMENTS) })).toEqual([]);
    expect(await findings()).toEqual([]);
  });

  it('owners-not-allowed: an approve rule reaches the model, and grants it to no owner', async () => {
    const files = {
      [APPROVE]: approve(
        OWNERS_APPROVE_DEPLOYMENTS,
        '{effect: allow, subjects: [team:platform], actions: [approve], resources: [model:fraud-detector]}',
      ),
    };
    expect(await findings(files)).toEqual([['owners-not-allowed', 'models/fraud-detector/model.yaml', 5]]);
    const [d] = await diagnosticsOf('owners-not-allowed', files);
    expect(d?.message).toBe(
      'no owner of `fraud-detector` (`team:risk-ml`) may `approve` `model:fraud-detector` in `prod`, where an `approve` rule reaches it, so none of its versions can be released',
    );
    expect(d?.hint).toBe(
      'allow `approve` on model:fraud-detector to its owners there, or narrow the rule that reaches it to other resources',
    );
  });

  it('owners-not-allowed: passes when one owner may approve the model, even with another denied', async () => {
    const files = {
      [APPROVE]: approve(
        OWNERS_APPROVE_DEPLOYMENTS,
        '{effect: allow, subjects: [team:risk-ml], actions: [approve], resources: ["model:*"]}',
        '{effect: deny, subjects: [user:bob], actions: [approve], resources: [model:fraud-detector]}',
      ),
    };
    expect(await findings(files)).toEqual([]);
  });
});
