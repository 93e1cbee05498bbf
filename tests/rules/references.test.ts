import { describe, expect, it } from 'vitest';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { validateTree } from '../../src/validate/index.js';
import {
  ACCESS_POLICY,
  CONSUMERS,
  DATA_SOURCES,
  ERROR_POLICY,
  FRAUD_DEPLOYMENT,
  FRAUD_MODEL,
  PROD_ENVIRONMENT,
  PROJECT,
  diagnosticsOf,
  findings,
  rulesRepo,
  summarize,
  validateFiles,
} from '../support/base-rules.js';
import { withFiles, writeRepo } from '../support/config-repo.js';

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
    expect(await findings({ 'environments/prod/environment.yaml': env })).toEqual([
      ['unknown-model', 'environments/prod/environment.yaml', 10],
    ]);
  });

  it('unknown-model: passes when the model exists, even if its document is broken', async () => {
    // The broken model reports its own schema error; the reference to it stays quiet.
    const broken = FRAUD_MODEL.replace('task: binary-classification', 'task: binary');
    expect(await findings({ 'models/fraud-detector/model.yaml': broken })).toEqual([
      ['schema-enum', 'models/fraud-detector/model.yaml', 6],
    ]);
  });

  it('unknown-version: traffic goes to a version the model lacks', async () => {
    const yaml = FRAUD_DEPLOYMENT.replace('version: 1.0.0, percent: 10', 'version: 1.2.0, percent: 10');
    expect(await findings({ [DEP]: yaml })).toEqual([['unknown-version', DEP, 8]]);
    const [d] = await diagnosticsOf('unknown-version', { [DEP]: yaml });
    expect(d?.message).toBe(
      'version `1.2.0` is not a version of model `fraud-detector` (it has `1.0.0`, `1.1.0` and `0.9.0`)',
    );
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
    expect(
      await findings({
        [DEP]: dep,
        'environments/dev/churn.yaml': churn,
        'environments/dev/error-policy.yaml': policy,
      }),
    ).toEqual([
      ['unknown-data-source', 'environments/dev/churn.yaml', 9],
      ['unknown-data-source', 'environments/dev/error-policy.yaml', 9],
      ['unknown-data-source', DEP, 11],
    ]);
    const ds = await diagnosticsOf('unknown-data-source', { 'environments/dev/churn.yaml': churn });
    expect(ds[0]?.hint).toBe('did you mean `churn-scores`?');
  });

  it('unknown-data-source: passes when the source is declared in the same environment', async () => {
    // `transactions`, not an internal source: fraud-detector reads pii (see pii-to-less-protected-sink).
    const policy = ERROR_POLICY + '  deadLetter: {dataSource: transactions}\n';
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

  it('unknown-team: subjects that authorize name teams of the Project', async () => {
    const project = PROJECT.replace('policyApprovers: [team:platform]', 'policyApprovers: [team:platfrom]');
    const prod = PROD_ENVIRONMENT.replace('from: [team:risk-ml]', 'from: [team:risk-leads]');
    const access = ACCESS_POLICY.replace(
      'subjects: [service:checkout]',
      'subjects: [service:checkout, team:analysts]',
    ).replace('subjects: [service:crm]', 'subjects: [team:crm-ops]');
    const consumers = CONSUMERS.replace('subject: service:crm', 'subject: team:crm-ops');
    const files = {
      'slipway.yaml': project,
      'environments/prod/environment.yaml': prod,
      'environments/dev/access.yaml': access,
      'environments/dev/consumers.yaml': consumers,
    };
    expect(await findings(files)).toEqual([
      ['unknown-team', 'environments/dev/access.yaml', 6],
      ['unknown-team', 'environments/dev/access.yaml', 7],
      ['unknown-team', 'environments/dev/consumers.yaml', 13],
      ['unknown-team', 'environments/prod/environment.yaml', 9],
      ['unknown-team', 'slipway.yaml', 10],
    ]);
    const found = await diagnosticsOf('unknown-team', files);
    expect(found.map((d) => [d.file, d.severity, d.path])).toEqual([
      ['environments/dev/access.yaml', 'error', '/spec/rules/0/subjects/1'],
      ['environments/dev/access.yaml', 'error', '/spec/rules/1/subjects/0'],
      ['environments/dev/consumers.yaml', 'error', '/spec/subject'],
      ['environments/prod/environment.yaml', 'error', '/spec/promotion/approvals/from/0'],
      ['slipway.yaml', 'error', '/spec/governance/policyApprovers/0'],
    ]);
    const [d] = await diagnosticsOf('unknown-team', { 'slipway.yaml': project });
    expect(d?.message).toBe(
      'team `platfrom` is not declared in slipway.yaml `spec.teams` (it declares `risk-ml` and `platform`)',
    );
    expect(d?.hint).toBe('did you mean `platform`?');
  });

  it('unknown-team: passes for declared teams and team globs', async () => {
    const access = ACCESS_POLICY.replace(
      'subjects: [service:checkout]',
      'subjects: [service:checkout, team:risk-ml]',
    ).replace('subjects: [service:crm]', 'subjects: [service:crm, team:risk-*]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-owner-team: an owner naming an undeclared team warns, and is no unknown-team', async () => {
    const model = FRAUD_MODEL.replace('owners: [team:risk-ml]', 'owners: [team:risk-mll]');
    const data = DATA_SOURCES.replace('owner: team:platform', 'owner: team:data-eng');
    const consumers = CONSUMERS.replace('owner: team:risk-ml', 'owner: team:checkout');
    const files = {
      'models/fraud-detector/model.yaml': model,
      'environments/dev/data.yaml': data,
      'environments/dev/consumers.yaml': consumers,
    };
    expect(await findings(files)).toEqual([
      ['unknown-owner-team', 'environments/dev/consumers.yaml', 5],
      ['unknown-owner-team', 'environments/dev/data.yaml', 9],
      ['unknown-owner-team', 'models/fraud-detector/model.yaml', 5],
    ]);
    const found = await diagnosticsOf('unknown-owner-team', files);
    expect(found.map((d) => [d.file, d.severity, d.path, d.message, d.hint])).toEqual([
      [
        'environments/dev/consumers.yaml',
        'warning',
        '/spec/owner',
        'owner team `checkout` is not declared in slipway.yaml `spec.teams` (it declares `risk-ml` and `platform`)',
        'add `checkout: {members: [...]}` under spec.teams in slipway.yaml, so the owners resolve to people',
      ],
      [
        'environments/dev/data.yaml',
        'warning',
        '/spec/owner',
        'owner team `data-eng` is not declared in slipway.yaml `spec.teams` (it declares `risk-ml` and `platform`)',
        'add `data-eng: {members: [...]}` under spec.teams in slipway.yaml, so the owners resolve to people',
      ],
      [
        'models/fraud-detector/model.yaml',
        'warning',
        '/spec/owners/0',
        'owner team `risk-mll` is not declared in slipway.yaml `spec.teams` (it declares `risk-ml` and `platform`)',
        'did you mean `risk-ml`?',
      ],
    ]);
    // Warnings only: the repository still validates (exit 0).
    expect(
      (await validateFiles(withFiles(rulesRepo(), files))).diagnostics.filter((x) => x.severity === 'error'),
    ).toEqual([]);
  });

  it('unknown-owner-team: passes when the owner team is declared', async () => {
    const project = PROJECT.replace('teams:\n', 'teams:\n    data-eng: {members: [erin]}\n');
    const data = DATA_SOURCES.replace('owner: team:platform', 'owner: team:data-eng');
    expect(project).not.toBe(PROJECT);
    expect(await findings({ 'slipway.yaml': project, 'environments/dev/data.yaml': data })).toEqual([]);
  });

  it('unknown-deployment: a consumer uses a deployment missing from its environment', async () => {
    const consumers = CONSUMERS.replace('deployment: fraud-detector', 'deployment: fraud');
    expect(await findings({ 'environments/prod/consumers.yaml': consumers })).toEqual([
      ['unknown-deployment', 'environments/prod/consumers.yaml', 7],
    ]);
  });

  it('unknown-deployment: passes when the deployment exists there', async () => {
    expect(await findings({ 'environments/prod/consumers.yaml': CONSUMERS })).toEqual([]);
  });

  it('unknown-subject: a service subject that no consumer has warns', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:crm]', 'subjects: [service:crm, service:billing]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([
      ['unknown-subject', 'environments/dev/access.yaml', 7],
    ]);
    const [d] = await diagnosticsOf('unknown-subject', { 'environments/dev/access.yaml': access });
    expect(d?.severity).toBe('warning');
  });

  it('unknown-subject: passes for service globs', async () => {
    const access = ACCESS_POLICY.replace('subjects: [service:crm]', 'subjects: [service:crm, service:batch-*]');
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-resource: an access rule names a deployment that does not exist', async () => {
    const access = ACCESS_POLICY.replace(
      'resources: [deployment:churn]',
      'resources: [deployment:churn, deployment:chrun]',
    );
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([
      ['unknown-resource', 'environments/dev/access.yaml', 7],
    ]);
  });

  it('unknown-resource: passes for existing models and data sources', async () => {
    const access = ACCESS_POLICY.replace(
      'resources: [deployment:churn]',
      'resources: [deployment:churn, model:churn, datasource:customers]',
    );
    expect(await findings({ 'environments/dev/access.yaml': access })).toEqual([]);
  });

  it('unknown-environment: promotion.from names no environment', async () => {
    const env = PROD_ENVIRONMENT.replace('from: dev', 'from: staging');
    expect(await findings({ 'environments/prod/environment.yaml': env })).toEqual([
      ['unknown-environment', 'environments/prod/environment.yaml', 7],
    ]);
  });

  it('unknown-environment: passes for an environment of the project', async () => {
    expect(await findings({ 'environments/prod/environment.yaml': PROD_ENVIRONMENT })).toEqual([]);
  });

  it('unknown-lineage-data-source: training data no environment declares warns', async () => {
    const model = FRAUD_MODEL.replace('dataSource: transactions', 'dataSource: transactions-2025');
    expect(await findings({ 'models/fraud-detector/model.yaml': model })).toEqual([
      ['unknown-lineage-data-source', 'models/fraud-detector/model.yaml', 11],
    ]);
  });

  it('unknown-lineage-data-source: not judged when only some environments are read (plan and apply of one)', async () => {
    const model = FRAUD_MODEL.replace('dataSource: transactions', 'dataSource: transactions-2025');
    const dir = writeRepo(withFiles(rulesRepo(), { 'models/fraud-detector/model.yaml': model }));
    const scoped = validateTree(await loadTree(fsTree(dir, { environments: ['prod'] })));
    expect(summarize(scoped.diagnostics)).toEqual([]);
    const full = validateTree(await loadTree(fsTree(dir)));
    expect(summarize(full.diagnostics)).toEqual([
      ['unknown-lineage-data-source', 'models/fraud-detector/model.yaml', 11],
    ]);
  });

  it('unknown-lineage-data-source: passes when some environment declares it', async () => {
    const model = FRAUD_MODEL.replace('dataSource: transactions', 'dataSource: customers');
    expect(await findings({ 'models/fraud-detector/model.yaml': model })).toEqual([]);
  });
});
