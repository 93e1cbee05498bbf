import { describe, expect, it } from 'vitest';
import { DEV_ENVIRONMENT, ERROR_POLICY, PROJECT, diagnosticsOf, findings } from '../support/base-rules.js';

describe('layout', () => {
  it('duplicate-name: two documents of one kind share a name in one environment', async () => {
    const twice = `${ERROR_POLICY}---\n${ERROR_POLICY}`;
    expect(await findings({ 'environments/dev/error-policy.yaml': twice })).toEqual([
      ['duplicate-name', 'environments/dev/error-policy.yaml', 12],
    ]);
    const [d] = await diagnosticsOf('duplicate-name', { 'environments/dev/error-policy.yaml': twice });
    expect(d?.message).toBe('another ErrorPolicy named `strict` is already declared in environment `dev`');
  });

  it('duplicate-name: passes for one name in two environments, or two kinds', async () => {
    const other = ERROR_POLICY.replace('kind: ErrorPolicy', 'kind: AccessPolicy').replace(
      /spec:[\s\S]*/,
      'spec:\n  rules: [{effect: deny, subjects: [service:x*], actions: [apply], resources: [model:none*]}]\n',
    );
    expect(await findings({ 'environments/dev/other.yaml': other })).toEqual([]);
  });

  it('missing-project: no slipway.yaml', async () => {
    const r = await findings({ 'slipway.yaml': null });
    expect(r.filter(([code]) => code === 'missing-project')).toEqual([
      ['missing-project', 'models/churn/model.yaml', 1],
    ]);
  });

  it('missing-project: passes with a Project', async () => {
    expect(await findings({ 'slipway.yaml': PROJECT })).toEqual([]);
  });

  it('environment-not-in-project: an environment folder the Project does not list', async () => {
    const qa = DEV_ENVIRONMENT.replace('name: dev', 'name: qa');
    expect(await findings({ 'environments/qa/environment.yaml': qa })).toEqual([
      ['environment-not-in-project', 'environments/qa/environment.yaml', 3],
    ]);
  });

  it('environment-not-in-project and missing-environment: pass when the folder is listed and present', async () => {
    const qa = DEV_ENVIRONMENT.replace('name: dev', 'name: qa');
    const project = PROJECT.replace('environments: [dev, prod]', 'environments: [qa, dev, prod]');
    expect(await findings({ 'environments/qa/environment.yaml': qa, 'slipway.yaml': project })).toEqual([]);
  });

  it('missing-environment: a listed environment without environment.yaml', async () => {
    const project = PROJECT.replace('environments: [dev, prod]', 'environments: [dev, staging, prod]');
    expect(await findings({ 'slipway.yaml': project })).toEqual([
      ['promotion-order', 'environments/prod/environment.yaml', 7],
      ['missing-environment', 'slipway.yaml', 5],
    ]);
  });
});
