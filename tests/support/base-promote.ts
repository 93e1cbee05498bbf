import { gitRepo, type Commit, type Files, type TestRepo } from './config-repo.js';
import { digest } from './values.js';

const version = (v: string, status: string, n: number): string => `    - version: ${v}
      status: ${status}
      createdAt: 2026-10-0${n}T10:00:00Z
      artifact:
        uri: s3://ml-artifacts/fraud-detector/${v}/model.onnx
        digest: ${digest(String(n))}
      framework: onnx
      metrics: {auc: 0.9${n}, latency_p99_ms: 4${n}}
`;

const MODEL = `apiVersion: slipway.dev/v1
kind: Model
metadata: {name: fraud-detector}
spec:
  owners: [team:risk-ml]
  description: Scores card transactions for fraud risk.
  task: binary-classification
  versions:
${version('2.0.0', 'revoked', 1)}${version('3.1.0', 'deprecated', 2)}${version('3.2.0', 'approved', 3)}${version('4.0.0', 'approved', 4)}${version('4.1.0', 'candidate', 5)}`;

const PROJECT = `apiVersion: slipway.dev/v1
kind: Project
metadata: {name: acme-ml}
spec:
  environments: [dev, staging, prod]
  teams:
    risk-ml: {members: [alice, bob]}
`;

const environment = (name: string, from?: string): string => `apiVersion: slipway.dev/v1
kind: Environment
metadata: {name: ${name}}
spec:
  target: {type: local}
${from ? `  promotion:\n    from: ${from}\n` : ''}`;

export const deployment = (traffic: string, comment = '# Fraud scoring.'): string => `${comment}
apiVersion: slipway.dev/v1
kind: Deployment
metadata:
  name: fraud-detector   # also the endpoint name
spec:
  model: fraud-detector
  traffic:
${traffic}
  mode: realtime
  endpoint: {path: /v1/fraud-detector, timeout: 250ms}
`;

export const PROD_FILE = 'environments/prod/deployments/fraud-detector.yaml';
export const STAGING_FILE = 'environments/staging/deployments/fraud-detector.yaml';

/** A configuration repository: 3.2.0 live in prod, 4.0.0 in staging, nothing in dev. */
export function promoteFiles(): Files {
  return {
    'slipway.yaml': PROJECT,
    'models/fraud-detector/model.yaml': MODEL,
    'environments/dev/environment.yaml': environment('dev'),
    'environments/staging/environment.yaml': environment('staging', 'dev'),
    'environments/prod/environment.yaml': environment('prod', 'staging'),
    [STAGING_FILE]: deployment('    - {version: 4.0.0, percent: 100}'),
    [PROD_FILE]: deployment('    - {version: 3.2.0, percent: 100}   # stable'),
  };
}

/**
 * The configuration committed on main (2026-11-01), then the `later` commits, with a bare
 * repository as `origin` that main is pushed to.
 */
export function promoteRepo(
  files: Files = promoteFiles(),
  later: readonly Commit[] = [],
): { repo: TestRepo; origin: string } {
  const repo = gitRepo(files, { message: 'initial configuration', date: '2026-11-01T10:00:00Z', later, origin: true });
  return { repo, origin: repo.origin! };
}
