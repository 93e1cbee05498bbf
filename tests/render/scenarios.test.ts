import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/render/types.js';
import { validateObjects } from '../../src/render/validate-objects.js';
import {
  ACCESS_POLICY,
  CHURN_MODEL,
  DATA_SOURCES,
  FRAUD_DEPLOYMENT,
  FRAUD_MODEL,
  PROD_ENVIRONMENT,
  rulesRepo,
} from '../support/base-rules.js';
import { withFiles, type Files } from '../support/config-repo.js';
import { renderFiles } from './support.js';

const withFramework = (model: string, framework: string): string =>
  model.replace(/( {6}artifact: .*\n)/g, `$1      framework: ${framework}\n`);

const THIRD_VERSION = `    - version: 1.2.0
      status: approved
      artifact: {uri: s3://ml/fraud/1.2.0/model.onnx, digest: "sha256:${'d'.repeat(64)}"}
      framework: onnx
      contract:
        input: {type: object, required: [amount], properties: {amount: {type: number}}}
        output: {type: object, required: [score], properties: {score: {type: number}}}
`;

/** The fixture repository with prod on a kubernetes target. */
function k8sRepo(overrides: Files = {}): Files {
  return withFiles(rulesRepo(), {
    'environments/prod/environment.yaml': PROD_ENVIRONMENT.replace(
      '  target: {type: local}\n',
      '  target: {type: kubernetes, namespace: ml-prod, batchImage: "ghcr.io/acme/scorer:1.4"}\n',
    ),
    'models/fraud-detector/model.yaml': withFramework(FRAUD_MODEL, 'onnx') + THIRD_VERSION,
    'models/churn/model.yaml': withFramework(CHURN_MODEL, 'xgboost'),
    ...overrides,
  });
}

const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};

const traffic = (split: string): string =>
  FRAUD_DEPLOYMENT.replace(
    '    - {version: 1.1.0, percent: 90}\n    - {version: 1.0.0, percent: 10}\n',
    split
      .split(',')
      .map((s) => s.split(':'))
      .map(([v, p]) => `    - {version: ${v!}, percent: ${p!}}\n`)
      .join(''),
  );

describe('rendering a kubernetes target', () => {
  it('a 3-version split: one InferenceService per version and exactly the declared weights', async () => {
    const files = k8sRepo({ 'environments/prod/fraud-detector.yaml': traffic('1.2.0:50,1.1.0:30,1.0.0:20') });
    const { objects } = await renderFiles(files, 'prod');
    expect(objects.filter((o) => o.kind === 'InferenceService').map((o) => o.metadata.name)).toEqual([
      'fraud-detector-v1-0-0',
      'fraud-detector-v1-1-0',
      'fraud-detector-v1-2-0',
    ]);
    const vs = find(objects, 'VirtualService', 'fraud-detector');
    expect(vs.spec).toEqual({
      hosts: ['fraud-detector.ml-prod.svc.cluster.local'],
      gateways: ['mesh'],
      http: [
        {
          name: 'fraud-detector',
          match: [{ uri: { exact: '/v1/fraud' } }, { uri: { prefix: '/v1/fraud/' } }],
          rewrite: { uri: '/' },
          route: [
            {
              destination: { host: 'fraud-detector-v1-2-0-predictor.ml-prod.svc.cluster.local', port: { number: 80 } },
              weight: 50,
            },
            {
              destination: { host: 'fraud-detector-v1-1-0-predictor.ml-prod.svc.cluster.local', port: { number: 80 } },
              weight: 30,
            },
            {
              destination: { host: 'fraud-detector-v1-0-0-predictor.ml-prod.svc.cluster.local', port: { number: 80 } },
              weight: 20,
            },
          ],
          timeout: '0.3s',
          retries: { attempts: 2, perTryTimeout: '4s' },
        },
      ],
    });
    expect(validateObjects(objects)).toEqual([]);
  });

  it('a GPU deployment requests and limits nvidia.com/gpu', async () => {
    const gpu = FRAUD_DEPLOYMENT.replace(
      '  resources: {replicas: {min: 1, max: 4}}\n',
      '  resources: {replicas: {min: 1, max: 2}, cpu: "4", memory: 16Gi, gpu: 2}\n',
    );
    const { objects } = await renderFiles(k8sRepo({ 'environments/prod/fraud-detector.yaml': gpu }), 'prod');
    const isvc = find(objects, 'InferenceService', 'fraud-detector-v1-1-0');
    expect(isvc.spec).toEqual({
      predictor: {
        labels: {
          'app.kubernetes.io/managed-by': 'slipway',
          'slipway.dev/deployment': 'fraud-detector',
          'slipway.dev/environment': 'prod',
        },
        minReplicas: 1,
        maxReplicas: 2,
        timeout: 4,
        model: {
          modelFormat: { name: 'onnx' },
          storageUri: 's3://ml/fraud/1.1.0/model.onnx',
          resources: {
            requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '2' },
            limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '2' },
          },
        },
      },
    });
    expect(isvc.metadata.annotations).toEqual({
      'serving.kserve.io/deploymentMode': 'Standard',
      'slipway.dev/artifact-digest': `sha256:${'b'.repeat(64)}`,
      'slipway.dev/model': 'fraud-detector',
      'slipway.dev/model-version': '1.1.0',
    });
    expect(validateObjects(objects)).toEqual([]);
  });

  it('a batch job: a CronJob on the schedule, secrets by reference only, retries as backoffLimit', async () => {
    const sources = DATA_SOURCES.replace(
      '  location: {table: analytics.customers}\n',
      '  connection: {secretRef: {provider: kubernetes, key: warehouse/url}}\n  location: {table: analytics.customers}\n',
    );
    const { objects, notEnforced } = await renderFiles(k8sRepo({ 'environments/prod/data.yaml': sources }), 'prod');
    const job = find(objects, 'CronJob', 'churn');
    expect(job.spec).toEqual({
      schedule: '0 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        metadata: { labels: job.metadata.labels },
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 1,
          template: {
            metadata: { labels: job.metadata.labels },
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'scorer',
                  image: 'ghcr.io/acme/scorer:1.4',
                  env: [
                    { name: 'SLIPWAY_ENVIRONMENT', value: 'prod' },
                    { name: 'SLIPWAY_DEPLOYMENT', value: 'churn' },
                    { name: 'SLIPWAY_MODEL', value: 'churn' },
                    { name: 'SLIPWAY_MODEL_VERSION', value: '2.0.0' },
                    { name: 'SLIPWAY_MODEL_URI', value: 's3://ml/churn/2.0.0/model.pkl' },
                    { name: 'SLIPWAY_MODEL_DIGEST', value: `sha256:${'c'.repeat(64)}` },
                    { name: 'SLIPWAY_INPUTS', value: 'customers' },
                    { name: 'SLIPWAY_INPUT_CUSTOMERS', value: 'customers' },
                    { name: 'SLIPWAY_INPUT_CUSTOMERS_ENGINE', value: 'postgres' },
                    { name: 'SLIPWAY_INPUT_CUSTOMERS_TABLE', value: 'analytics.customers' },
                    {
                      name: 'SLIPWAY_INPUT_CUSTOMERS_CONNECTION',
                      valueFrom: { secretKeyRef: { name: 'warehouse', key: 'url' } },
                    },
                    { name: 'SLIPWAY_OUTPUT', value: 'churn-scores' },
                    { name: 'SLIPWAY_OUTPUT_ENGINE', value: 'postgres' },
                    { name: 'SLIPWAY_OUTPUT_TABLE', value: 'analytics.churn_scores' },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    expect(notEnforced.filter((e) => e.deployment === 'churn')).toEqual([
      { deployment: 'churn', kind: 'AccessPolicy', name: 'access', field: 'spec.rules[1]', reason: 'data-access' },
      { deployment: 'churn', kind: 'ErrorPolicy', name: 'strict', field: 'spec.circuitBreaker', reason: 'batch-mode' },
      { deployment: 'churn', kind: 'ErrorPolicy', name: 'strict', field: 'spec.fallback', reason: 'no-counterpart' },
      { deployment: 'churn', kind: 'ErrorPolicy', name: 'strict', field: 'spec.retry.backoff', reason: 'batch-mode' },
    ]);
    // An `env` secret is never rendered: not even its name reaches the pod, and it is listed.
    const fraud = notEnforced.filter((e) => e.deployment === 'fraud-detector' && e.kind === 'DataSource');
    expect(fraud).toEqual([
      {
        deployment: 'fraud-detector',
        kind: 'DataSource',
        name: 'transactions',
        field: 'spec.refresh',
        reason: 'no-counterpart',
      },
    ]);
    expect(validateObjects(objects)).toEqual([]);
  });

  it('access: the AuthorizationPolicy allows exactly the consumers allowed to invoke, and a deny closes it', async () => {
    const { objects } = await renderFiles(k8sRepo(), 'prod');
    expect(find(objects, 'AuthorizationPolicy', 'fraud-detector').spec).toEqual({
      selector: { matchLabels: { 'slipway.dev/deployment': 'fraud-detector' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/ml-prod/sa/checkout'] } }] }],
    });
    const denied = ACCESS_POLICY.replace(
      '    - {effect: allow, subjects: [service:crm]',
      '    - {effect: deny, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}\n    - {effect: allow, subjects: [service:crm]',
    );
    const closed = await renderFiles(
      k8sRepo({ 'environments/prod/access.yaml': denied, 'environments/prod/consumers.yaml': null }),
      'prod',
    );
    const policy = find(closed.objects, 'AuthorizationPolicy', 'fraud-detector');
    expect(policy.spec).toEqual({
      selector: { matchLabels: { 'slipway.dev/deployment': 'fraud-detector' } },
      action: 'ALLOW',
    });
    expect(validateObjects([policy])).toEqual([]);
  });

  it('a changed traffic split changes only the VirtualService weights', async () => {
    const before = await renderFiles(
      k8sRepo({ 'environments/prod/fraud-detector.yaml': traffic('1.1.0:90,1.0.0:10') }),
      'prod',
    );
    const after = await renderFiles(
      k8sRepo({ 'environments/prod/fraud-detector.yaml': traffic('1.1.0:50,1.0.0:50') }),
      'prod',
    );
    const changed = after.objects.filter((o, i) => JSON.stringify(o) !== JSON.stringify(before.objects[i]));
    expect(changed.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['VirtualService/fraud-detector']);
    const weights = (o: K8sObject): unknown =>
      (o.spec.http as Array<{ route: Array<{ weight: number }> }>)[0]!.route.map((r) => r.weight);
    const vsBefore = find(before.objects, 'VirtualService', 'fraud-detector');
    expect([weights(vsBefore), weights(changed[0]!)]).toEqual([
      [90, 10],
      [50, 50],
    ]);
    const strip = (o: K8sObject): string => JSON.stringify(o, (k, v: unknown) => (k === 'weight' ? 0 : v));
    expect(strip(changed[0]!)).toBe(strip(vsBefore));
  });

  it('a deliberately invalid object is rejected, naming the object and the field', async () => {
    const { objects } = await renderFiles(k8sRepo(), 'prod');
    const broken = structuredClone(objects);
    const isvc = find(broken, 'InferenceService', 'fraud-detector-v1-1-0');
    (isvc.spec.predictor as { model: Record<string, unknown> }).model.storageURI = 's3://typo';
    const vs = find(broken, 'VirtualService', 'fraud-detector');
    (vs.spec.http as Array<{ route: Array<{ weight: unknown }> }>)[0]!.route[0]!.weight = '90';
    const job = find(broken, 'CronJob', 'churn');
    (job.spec as { concurrencyPolicy: string; schedulee?: string }).schedulee = '* * * * *';
    expect(validateObjects(broken)).toEqual([
      { object: 'CronJob/churn', path: '/spec/schedulee', message: 'must NOT have additional properties' },
      {
        object: 'InferenceService/fraud-detector-v1-1-0',
        path: '/spec/predictor/model/storageURI',
        message: 'must NOT have additional properties',
      },
      { object: 'VirtualService/fraud-detector', path: '/spec/http/0/route/0/weight', message: 'must be integer' },
    ]);
  });
});
