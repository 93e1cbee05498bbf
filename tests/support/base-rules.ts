import { loadTree } from '../../src/load/load-tree.js';
import { fsTree } from '../../src/load/fs-tree.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { validateTree, type ValidationResult } from '../../src/validate/index.js';
import { HEAD, withFiles, writeRepo, type Files } from './config-repo.js';
import { digest } from './values.js';

// The repository the rule tests lay their broken files over, and the helpers that validate it.

export const PROJECT = `${HEAD}kind: Project
metadata: {name: acme-ml}
spec:
  environments: [dev, prod]
  teams:
    risk-ml: {members: [alice, bob]}
    platform: {members: [dave]}
  governance:
    policyApprovers: [team:platform]
`;

const CONTRACT = `      contract:
        input: {type: object, required: [amount], properties: {amount: {type: number}}}
        output: {type: object, required: [score], properties: {score: {type: number}}}
`;

/** 0.9.0, last and without a contract, is what a `previousVersion` fallback of 1.0.0 answers with. */
export const FRAUD_MODEL = `${HEAD}kind: Model
metadata: {name: fraud-detector}
spec:
  owners: [team:risk-ml]
  task: binary-classification
  versions:
    - version: 1.0.0
      status: approved
      artifact: {uri: s3://ml/fraud/1.0.0/model.onnx, digest: "${digest('a')}"}
      trainedOn: [{dataSource: transactions}]
${CONTRACT}    - version: 1.1.0
      status: approved
      artifact: {uri: s3://ml/fraud/1.1.0/model.onnx, digest: "${digest('b')}"}
${CONTRACT}    - {version: 0.9.0, status: deprecated, artifact: {uri: s3://ml/fraud/0.9.0/model.onnx, digest: "${digest('e')}"}}
`;

/** 1.0.0 is the version a `previousVersion` fallback of 2.0.0 answers with. */
export const CHURN_MODEL = `${HEAD}kind: Model
metadata: {name: churn}
spec:
  owners: [team:risk-ml]
  versions:
    - version: 2.0.0
      status: approved
      artifact: {uri: s3://ml/churn/2.0.0/model.pkl, digest: "${digest('c')}"}
${CONTRACT}    - version: 1.0.0
      status: deprecated
      artifact: {uri: s3://ml/churn/1.0.0/model.pkl, digest: "${digest('d')}"}
`;

export const DEV_ENVIRONMENT = `${HEAD}kind: Environment
metadata: {name: dev}
spec:
  target: {type: local}
`;

export const PROD_ENVIRONMENT = `${HEAD}kind: Environment
metadata: {name: prod}
spec:
  target: {type: local}
  promotion:
    from: dev
    soak: 24h
    approvals: {required: 1, from: [team:risk-ml]}
    metrics: [{name: auc, min: 0.9, models: [fraud-detector]}]
    freeze: [{from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: holidays}]
  requires: {errorPolicy: true, fallback: true}
`;

/** A realtime deployment (lines: 5 model, 7 traffic[0], 9 mode, 10 endpoint, 11 inputs, 12 errorPolicy). */
export const FRAUD_DEPLOYMENT = `${HEAD}kind: Deployment
metadata: {name: fraud-detector}
spec:
  model: fraud-detector
  traffic:
    - {version: 1.1.0, percent: 90}
    - {version: 1.0.0, percent: 10}
  mode: realtime
  endpoint: {path: /v1/fraud, timeout: 4s}
  inputs: [transactions]
  errorPolicy: strict
  resources: {replicas: {min: 1, max: 4}}
`;

export const CHURN_DEPLOYMENT = `${HEAD}kind: Deployment
metadata: {name: churn}
spec:
  model: churn
  traffic: [{version: 2.0.0, percent: 100}]
  mode: batch
  schedule: "0 2 * * *"
  output: {dataSource: churn-scores}
  inputs: [customers]
  errorPolicy: strict
`;

export const DATA_SOURCES = `${HEAD}kind: DataSource
metadata: {name: transactions}
spec:
  type: warehouse
  engine: postgres
  connection: {secretRef: {provider: env, key: WAREHOUSE_URL}}
  location: {table: analytics.transactions}
  owner: team:platform
  classification: pii
  refresh: {schedule: "*/30 * * * *"}
---
${HEAD}kind: DataSource
metadata: {name: customers}
spec:
  type: warehouse
  engine: postgres
  location: {table: analytics.customers}
  owner: team:platform
  classification: internal
---
${HEAD}kind: DataSource
metadata: {name: churn-scores}
spec:
  type: warehouse
  engine: postgres
  location: {table: analytics.churn_scores}
  owner: team:risk-ml
  classification: internal
`;

export const ERROR_POLICY = `${HEAD}kind: ErrorPolicy
metadata: {name: strict}
spec:
  timeout: 300ms
  retry: {maxAttempts: 3, backoff: {initial: 50ms, max: 1s}}
  circuitBreaker: {errorRate: 0.05, window: 1m, cooldown: 30s}
  fallback: {type: previousVersion}
`;

export const ACCESS_POLICY = `${HEAD}kind: AccessPolicy
metadata: {name: access}
spec:
  rules:
    - {effect: allow, subjects: [service:checkout], actions: [invoke], resources: [deployment:fraud-detector]}
    - {effect: allow, subjects: [service:crm], actions: [read-output], resources: [deployment:churn]}
`;

export const CONSUMERS = `${HEAD}kind: Consumer
metadata: {name: checkout}
spec:
  owner: team:risk-ml
  subject: service:checkout
  uses: [{deployment: fraud-detector, contract: ^1.0.0}]
---
${HEAD}kind: Consumer
metadata: {name: crm}
spec:
  subject: service:crm
  uses: [{deployment: churn, contract: ">=2.0.0 <3.0.0"}]
`;

function envFiles(env: string, environment: string): Files {
  return {
    [`environments/${env}/environment.yaml`]: environment,
    [`environments/${env}/fraud-detector.yaml`]: FRAUD_DEPLOYMENT,
    [`environments/${env}/churn.yaml`]: CHURN_DEPLOYMENT,
    [`environments/${env}/data.yaml`]: DATA_SOURCES,
    [`environments/${env}/error-policy.yaml`]: ERROR_POLICY,
    [`environments/${env}/access.yaml`]: ACCESS_POLICY,
    [`environments/${env}/consumers.yaml`]: CONSUMERS,
  };
}

/** A small repository that validates clean: two models, environments dev and prod, every kind. */
export function rulesRepo(): Files {
  return {
    'slipway.yaml': PROJECT,
    'models/fraud-detector/model.yaml': FRAUD_MODEL,
    'models/churn/model.yaml': CHURN_MODEL,
    ...envFiles('dev', DEV_ENVIRONMENT),
    ...envFiles('prod', PROD_ENVIRONMENT),
  };
}

/** Validates a repository written to a temporary directory. */
export async function validateFiles(files: Files): Promise<ValidationResult> {
  return validateTree(await loadTree(fsTree(writeRepo(files))));
}

/** `[code, file, line]` of every diagnostic: what tests compare, so unexpected findings fail them too. */
export function summarize(diagnostics: readonly Diagnostic[]): [string, string, number][] {
  return diagnostics.map((d) => [d.code, d.file, d.line]);
}

/** Validates `overrides` on top of the base repository and returns `[code, file, line]` of every finding. */
export async function findings(overrides: Files = {}): Promise<[string, string, number][]> {
  return summarize((await validateFiles(withFiles(rulesRepo(), overrides))).diagnostics);
}

/** The diagnostics with one code, in full (for message, hint and path checks). */
export async function diagnosticsOf(code: string, overrides: Files = {}): Promise<Diagnostic[]> {
  return (await validateFiles(withFiles(rulesRepo(), overrides))).diagnostics.filter((d) => d.code === code);
}
