import type { Files } from './config-repo.js';
import { digest } from './values.js';

/** A traffic split as `[[version, percent], ...]`. */
export type Split = Array<[string, number]>;

export interface EnvOptions {
  /** Replaces `spec.promotion` (YAML flow or block, indented for `  promotion:`). */
  promotion?: string | null;
  requires?: string | null;
}

export interface ModelVersionOptions {
  version: string;
  status?: string;
  digest?: string;
  metrics?: string;
  /** Major 4 drops `score` from the output: a breaking contract. */
  breaking?: boolean;
}

export const DEFAULT_VERSIONS: ModelVersionOptions[] = [
  { version: '3.2.0', digest: digest('01'), metrics: '{auc: 0.912, latency_p99_ms: 41}' },
  { version: '3.3.0', digest: digest('02'), metrics: '{auc: 0.925, latency_p99_ms: 44}' },
  { version: '3.4.0', digest: digest('04'), metrics: '{auc: 0.89}' },
  { version: '3.5.0', digest: digest('05'), metrics: '{auc: 0.93, latency_p99_ms: 39}' },
  { version: '4.0.0', digest: digest('03'), metrics: '{auc: 0.94, latency_p99_ms: 40}', breaking: true },
  // Last, so that the lines above stay put: what a `previousVersion` fallback of 3.2.0 answers with.
  { version: '3.1.0', status: 'deprecated', digest: digest('06'), metrics: '{auc: 0.9, latency_p99_ms: 45}' },
];

export const project = (extra = ''): string => `apiVersion: slipway.dev/v1
kind: Project
metadata: {name: acme-ml}
spec:
  environments: [dev, staging, prod]
  teams:
    risk-ml: {members: [alice, bob]}
    risk-ml-leads: {members: [carol, erin]}
    platform: {members: [dave]}
    data-eng: {members: [frank]}
    checkout: {members: [gina]}
  governance:
    policyApprovers: [team:platform]
${extra}`;

export const model = (versions: ModelVersionOptions[] = DEFAULT_VERSIONS): string => `apiVersion: slipway.dev/v1
kind: Model
metadata: {name: fraud-detector}
spec:
  owners: [team:risk-ml]
  description: Scores card transactions for fraud risk.
  task: binary-classification
  versions:
${versions
  .map(
    (v) => `    - version: ${v.version}
      status: ${v.status ?? 'approved'}
      createdAt: 2026-10-02T10:00:00Z
      artifact:
        uri: s3://ml-artifacts/fraud-detector/${v.version}/model.onnx
        digest: ${v.digest ?? digest('09')}
      framework: onnx
      metrics: ${v.metrics ?? '{auc: 0.95, latency_p99_ms: 30}'}
      contract:
        input: {type: object, required: [amount], properties: {amount: {type: number}}}
        output: {type: object, required: [${v.breaking ? 'risk' : 'score'}], properties: {${v.breaking ? 'risk' : 'score'}: {type: number}}}`,
  )
  .join('\n')}
`;

const PROMOTION: Record<string, string | undefined> = {
  dev: undefined,
  staging: `  promotion:
    from: dev
    soak: 1h
    approvals: {required: 1, from: [team:risk-ml]}`,
  prod: `  promotion:
    from: staging
    soak: 24h
    approvals: {required: 2, from: [team:risk-ml-leads]}
    metrics:
      - {name: auc, min: 0.90, models: [fraud-detector]}
      - {name: latency_p99_ms, max: 150}
    freeze:
      - {from: 2026-12-20T00:00:00Z, to: 2027-01-03T00:00:00Z, reason: holiday freeze}`,
};

export const environment = (env: string, options: EnvOptions = {}): string => {
  const promotion = options.promotion === undefined ? PROMOTION[env] : options.promotion;
  const requires =
    options.requires === undefined
      ? env === 'prod'
        ? '  requires: {errorPolicy: true, fallback: true}'
        : undefined
      : options.requires;
  return `apiVersion: slipway.dev/v1
kind: Environment
metadata: {name: ${env}}
spec:
  target: {type: local}
${promotion ?? ''}
${requires ?? ''}
`;
};

export const deployment = (env: string, traffic: Split, extra = ''): string => `apiVersion: slipway.dev/v1
kind: Deployment
metadata: {name: fraud-detector}
spec:
  model: fraud-detector
  traffic:
${traffic.map(([v, p]) => `    - {version: ${v}, percent: ${p}}`).join('\n')}
  mode: realtime
  endpoint: {path: /v1/fraud-detector, timeout: 250ms}
  errorPolicy: realtime-strict
${extra}`;

export const errorPolicy = (fallback = 'previousVersion'): string => `apiVersion: slipway.dev/v1
kind: ErrorPolicy
metadata: {name: realtime-strict}
spec:
  timeout: 100ms
  retry: {maxAttempts: 2, on: [timeout, unavailable], backoff: {initial: 10ms, max: 20ms, multiplier: 2, jitter: true}}
  fallback: {type: ${fallback}}
`;

const consumer = (range: string = '^3.0.0'): string => `apiVersion: slipway.dev/v1
kind: Consumer
metadata: {name: checkout}
spec:
  owner: team:checkout
  subject: service:checkout
  uses:
    - {deployment: fraud-detector, contract: "${range}"}
`;

const accessPolicy = (extraSubject = ''): string => `apiVersion: slipway.dev/v1
kind: AccessPolicy
metadata: {name: fraud-access}
spec:
  rules:
    - effect: allow
      subjects: [service:checkout${extraSubject ? `, ${extraSubject}` : ''}]
      actions: [invoke]
      resources: [deployment:fraud-detector]
`;

/** One environment folder: environment, deployment, error policy, consumer, access policy. */
function envFiles(env: string, traffic: Split, options: EnvOptions & { range?: string } = {}): Files {
  return {
    [`environments/${env}/environment.yaml`]: environment(env, options),
    [`environments/${env}/deployments/fraud-detector.yaml`]: deployment(env, traffic),
    [`environments/${env}/error-policies.yaml`]: errorPolicy(),
    [`environments/${env}/consumers.yaml`]: consumer(options.range),
    [`environments/${env}/access-policies.yaml`]: accessPolicy(),
  };
}

/** A complete, valid repository: dev, staging and prod all serving `traffic` (3.2.0 by default). */
export function gateRepo(traffic: Split = [['3.2.0', 100]], options: { range?: string } = {}): Files {
  return {
    'slipway.yaml': project(),
    'models/fraud-detector/model.yaml': model(),
    ...envFiles('dev', traffic, options),
    ...envFiles('staging', traffic, options),
    ...envFiles('prod', traffic),
  };
}

export const deploymentFile = (env: string): string => `environments/${env}/deployments/fraud-detector.yaml`;
