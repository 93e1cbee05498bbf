import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { TestRepo, tempDir, type Files } from '../support/tree.js';

const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

const version = (v: string, status: string, n: number): string => `    - version: ${v}
      status: ${status}
      createdAt: 2026-10-0${n}T10:00:00Z
      artifact:
        uri: s3://ml-artifacts/fraud-detector/${v}/model.onnx
        digest: ${digest(n)}
      framework: onnx
      metrics: {auc: 0.9${n}, latency_p99_ms: 4${n}}
`;

export const MODEL = `apiVersion: slipway.dev/v1
kind: Model
metadata: {name: fraud-detector}
spec:
  owners: [team:risk-ml]
  description: Scores card transactions for fraud risk.
  task: binary-classification
  versions:
${version('2.0.0', 'revoked', 1)}${version('3.1.0', 'deprecated', 2)}${version('3.2.0', 'approved', 3)}${version('4.0.0', 'approved', 4)}${version('4.1.0', 'candidate', 5)}`;

export const PROJECT = `apiVersion: slipway.dev/v1
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
export function configFiles(): Files {
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

const templates = new Map<string, { dir: string; origin: string }>();

/**
 * A TestRepo with the configuration committed on main, and a bare repository as `origin`.
 * The first call for a set of files builds them with git; later calls copy those folders,
 * which keeps the many small repository tests fast (a git process costs more than a copy).
 */
export function configRepo(
  files: Files = configFiles(),
  later: ReadonlyArray<{ files: Files; message: string; date: string }> = [],
): { repo: TestRepo; origin: string } {
  const key = JSON.stringify([files, later]);
  let template = templates.get(key);
  if (!template) {
    const repo = new TestRepo();
    repo.commit(files, { message: 'initial configuration', date: '2026-11-01T10:00:00Z' });
    for (const c of later) repo.commit(c.files, { message: c.message, date: c.date });
    const origin = tempDir('slipway-origin-');
    execFileSync('git', ['init', '-q', '--bare', origin]);
    repo.git('remote', 'add', 'origin', origin);
    repo.git('push', '-q', 'origin', 'main');
    template = { dir: repo.dir, origin };
    templates.set(key, template);
  }
  const dir = tempDir('slipway-git-');
  const origin = tempDir('slipway-origin-');
  cpSync(template.dir, dir, { recursive: true });
  cpSync(template.origin, origin, { recursive: true });
  const repo = Object.assign(Object.create(TestRepo.prototype) as TestRepo, { dir });
  repo.git('remote', 'set-url', 'origin', origin);
  return { repo, origin };
}

/** The state a test must leave untouched on refusal: status, branches and HEAD. */
export function snapshot(repo: TestRepo): string {
  return [
    repo.git('status', '--porcelain=v2', '--branch', '--untracked-files=all'),
    repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/'),
  ].join('\n--\n');
}
