import { describe, expect, it } from 'vitest';
import { ACCESS_POLICY, CONSUMERS, ERROR_POLICY, FRAUD_DEPLOYMENT, FRAUD_MODEL, PROD_ENVIRONMENT, PROJECT, diagnosticsOf, findings } from '../support/fixtures.js';

const DEP = 'environments/dev/fraud-detector.yaml';

describe('references', () => {
  it('unknown-model: a deployment names a model that does not exist', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('model: fraud-detector', 'model: fraud-detektor');
    expect(await findings({ [DEP]: yaml })).toEqual([['unknown-model', DEP, 5]]);
    const [d] = await diagnosticsOf('unknown-model', { [DEP]: yaml });
    expect(d?.message).toBe('deployment model `fraud-detektor` is not a model in models/');
    expect(d?.hint).toBe('did you mean `fraud-detector`?');
    expect(d?.path).toBe('/spec/model');
  });

  it('unknown-model: a metric gate scopes a model that does not exist', async () => {
    const env = PROD_ENVIRONMENT.replace('models: [fraud-detector]', 'models: [fraud-detector, nope]');
    expect(await findings({ 'environments/prod/environment.yaml': env })).toEqual([['unknown-model', 'environments/prod/environment.yaml', 10]]);
  });

  it('unknown-model: passes when the model exists, even if its document is broken', async () => {
    // The broken model reports its own schema error; the reference to it stays quiet.
    const broken = FRAUD_MODEL.replace('task: binary-classification', 'task: binary');
    expect(await findings({ 'models/fraud-detector/model.yaml': broken })).toEqual([['schema-enum', 'models/fraud-detector/model.yaml', 6]]);
  });

  it('unknown-version: traffic goes to a version the model lacks', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('version: 1.0.0, percent: 10', 'version: 1.2.0, percent: 10');
    expect(await findings({ [DEP]: yaml })).toEqual([['unknown-version', DEP, 8]]);
    const [d] = await diagnosticsOf('unknown-version', { [DEP]: yaml });
    expect(d?.message).toBe('version `1.2.0` is not a version of model `fraud-detector` (it has `1.0.0` and `1.1.0`)');
    expect(d?.path).toBe('/spec/traffic/1/version');
  });

  it('unknown-version: passes for versions the model has', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('percent: 90', 'percent: 0').replace('percent: 10', 'percent: 100');
    expect(await findings({ [DEP]: yaml })).toEqual([]);
  });

  it('unknown-data-source: inputs, output and dead letters name data sources of the environment', async () => {
    const dep = FRAUD_DEPLOYMENT.replace('inputs: [transactions]', 'inputs: [transactions, clicks]');
    const churn = `apiVersion: slipway.dev/v1
kind: Deployment
metadata: {name: churn}
spec:
  model: churn
  traffic: [{version: 2.0.0, percent: 100}]
  mode: batch
  schedule: "0 2 * * *"
  output: {dataSource: churn-score}
  errorPolicy: strict
`;
    const policy = ERROR_POLICY + '  deadLetter: {dataSource: dead}\n';
    expect(await findings({ [DEP]: dep, 'environments/dev/churn.yaml': churn, 'environments/dev/error-policy.yaml': policy })).toEqual([
      ['unknown-data-source', 'environments/dev/churn.yaml', 9],
      ['unknown-data-source', 'environments/dev/error-policy.yaml', 9],
      ['unknown-data-source', DEP, 11],
    ]);
    const ds = await diagnosticsOf('unknown-data-source', { 'environments/dev/churn.yaml': churn });
    expect(ds[0]?.hint).toBe('did you mean `churn-scores`?');
  });

  it('unknown-data-source: passes when the source is declared in the same environment', async () => {
    const policy = ERROR_POLICY + '  deadLetter: {dataSource: customers}\n';
    expect(await findings({ 'environments/dev/error-policy.yaml': policy })).toEqual([]);
  });

  it('unknown-error-policy: a deployment names an error policy missing from its environment', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('errorPolicy: strict', 'errorPolicy: strikt');
    expect(await findings({ [DEP]: yaml })).toEqual([['unknown-error-policy', DEP, 12]]);
  });

  it('unknown-error-policy: passes when the policy exists', async () => {
    const policy = ERROR_POLICY + `---\n${ERROR_POLICY.replace('name: strict', 'name: lenient')}`;
    const yaml = FRAUD_DEPLOYMENT.replace('errorPolicy: strict', 'errorPolicy: lenient');
    expect(await findings({ [DEP]: yaml, 'environments/dev/error-policy.yaml': policy })).toEqual([]);
  });

  it('unknown-team: team subjects name teams of the Project', async () => {
    const model = FRAUD_MODEL.replace('owners: [team:risk-ml]', 'owners: [team:risk]');
    const project = PROJECT.replace('policyApprovers: [team:platform]', 'policyApprovers: [team:platfrom]');
    const access = ACCESS_POLICY.replace('subjects: [service:checkout]', 'subjects: [service:checkout, team:analysts]');
    expect(await findings({ 'models/fraud-detector/model.yaml': model, 'slipway.yaml': project, 'environments/dev/access.yaml': access })).toEqual([
      ['unknown-team', 'environments/dev/access.yaml', 6],
      ['unknown-team', 'models/fraud-detector/model.yaml', 5],
      ['unknown-team', 'slipway.yaml', 10],
    ]);
    const [d] = await diagnosticsOf('unknown-team', { 'slipway.yaml': project });
    expect(d?.message).toBe('team `platfrom` is not declared in slipway.yaml `spec.teams` (it declares `risk-ml` and `platform`)');
    expect(d?.hint).toBe('did you mean `platform`?');
  });

  it('unknown-team: passes for declared teams and team globs', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:checkout]', 'subjects: [service:checkout, team:risk-ml]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-deployment: a consumer uses a deployment missing from its environment', async () => {
    const consumers = CONSUMERS.replace('deployment: fraud-detector', 'deployment: fraud');
    expect(await findings({ 'environments/prod/consumers.yaml': consumers })).toEqual([['unknown-deployment', 'environments/prod/consumers.yaml', 7]]);
  });

  it('unknown-deployment: passes when the deployment exists there', async () => {
    expect(await findings({ 'environments/prod/consumers.yaml': CONSUMERS })).toEqual([]);
  });

  it('unknown-subject: a service subject that no consumer has warns', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:crm]', 'subjects: [service:crm, service:billing]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([['unknown-subject', 'environments/dev/access.yaml', 7]]);
    const [d] = await diagnosticsOf('unknown-subject', { 'environments/dev/access.yaml': access });
    expect(d?.severity).toBe('warning');
  });

  it('unknown-subject: passes for service globs', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:crm]', 'subjects: [service:crm, service:batch-*]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-resource: an access rule names a deployment that does not exist', async () => {
    const access = ACCESS_POLICY.replace('resources: [deployment:churn]', 'resources: [deployment:churn, deployment:chrun]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([['unknown-resource', 'environments/dev/access.yaml', 7]]);
  });

  it('unknown-resource: passes for existing models and data sources', async () => {
    const access = ACCESS_POLICY.replace('resources: [deployment:churn]', 'resources: [deployment:churn, model:churn, datasource:customers]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-environment: promotion.from names no environment', async () => {
    const env = PROD_ENVIRONMENT.replace('from: dev', 'from: staging');
    expect(await findings({ 'environments/prod/environment.yaml': env })).toEqual([['unknown-environment', 'environments/prod/environment.yaml', 7]]);
  });

  it('unknown-environment: passes for an environment of the project', async () => {
    expect(await findings({ 'environments/prod/environment.yaml': PROD_ENVIRONMENT })).toEqual([]);
  });

  it('unknown-lineage-data-source: training data no environment declares warns', async () => {
    const model = FRAUD_MODEL.replace('dataSource: transactions', 'dataSource: transactions-2025');
    expect(await findings({ 'models/fraud-detector/model.yaml': model })).toEqual([['unknown-lineage-data-source', 'models/fraud-detector/model.yaml', 11]]);
  });

  it('unknown-lineage-data-source: passes when some environment declares it', async () => {
    const model = FRAUD_MODEL.replace('dataSource: transactions', 'dataSource: customers');
    expect(await findings({ 'models/fraud-detector/model.yaml': model })).toEqual([]);
  });
});
