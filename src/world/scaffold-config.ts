/**
 * The Slipway documents of a new configuration repository: a project with dev, staging and
 * prod, one model with an approved version and a candidate, and per environment one deployment
 * with its data source, error policy, access policy and consumer. Each file holds one kind, named
 * as the editor settings expect (see scaffold-editor.ts). Everything validates with no finding.
 */

const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
type Env = (typeof ENVIRONMENTS)[number];

const MODEL = 'example-model';
const SOURCE = 'example-features';
const CONSUMER = 'example-app';
const APPROVED = '1.0.0';
const CANDIDATE = '1.1.0';
// A placeholder that passes the digest pattern and is obviously not a real artifact's digest.
const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

const HEAD = 'apiVersion: slipway.dev/v1\n';

function project(name: string): string {
  return `# The project: environments in promotion order, teams (GitHub logins) and governance.
${HEAD}kind: Project
metadata:
  name: ${name}
spec:
  environments: [${ENVIRONMENTS.join(', ')}]
  teams:
    ml: {members: [your-github-login]}          # owns the models; replace with real logins
    platform: {members: [your-github-login]}    # approves policy changes and runs the reconciler
  governance:
    policyApprovers: [team:platform]
  state: {url: "sqlite:.slipway/state.db"}
`;
}

const CONTRACT = `      contract:
        input:
          type: object
          required: [feature_a]
          properties:
            feature_a: {type: number}
        output:
          type: object
          required: [score]
          properties:
            score: {type: number, minimum: 0, maximum: 1}
`;

function model(): string {
  const version = (v: string, status: string, digestNote: string) => `    - version: ${v}
      status: ${status}
      artifact:
        uri: s3://your-bucket/${MODEL}/${v}/model.onnx
        digest: ${PLACEHOLDER_DIGEST}   # ${digestNote}
      framework: onnx
      trainedOn: [{dataSource: ${SOURCE}}]
      metrics: {auc: 0.9}
${CONTRACT}`;
  return `# The model registry entry: versions, artifacts, contracts and metrics. A released version
# (any status but candidate) is immutable; a candidate may only run in the first environment.
${HEAD}kind: Model
metadata:
  name: ${MODEL}
spec:
  owners: [team:ml]
  description: An example model; rename it, or copy this folder for each of your models.
  task: binary-classification
  versions:
${version(APPROVED, 'approved', "replace with the artifact's sha256")}
    # A candidate runs only in dev, the first environment, until its status is approved.
${version(CANDIDATE, 'candidate', "replace with the artifact's sha256")}`;
}

function environment(env: Env): string {
  const previous = ENVIRONMENTS[ENVIRONMENTS.indexOf(env) - 1];
  const promotion =
    previous === undefined
      ? ''
      : `  promotion:
    from: ${previous}
${env === 'prod' ? '    soak: 24h\n    approvals: {required: 1, from: [team:ml]}\n' : ''}`;
  const requires = env === 'dev' ? '' : '  requires: {errorPolicy: true, fallback: true}\n';
  return `${HEAD}kind: Environment
metadata:
  name: ${env}
spec:
  target: {type: local}
${promotion}${requires}`;
}

function deployment(env: Env): string {
  // The candidate runs only in dev, the first environment; later ones serve the approved version.
  const version = env === 'dev' ? CANDIDATE : APPROVED;
  return `${HEAD}kind: Deployment
metadata:
  name: ${MODEL}
spec:
  model: ${MODEL}
  traffic:
    - {version: ${version}, percent: 100}
  mode: realtime
  endpoint: {path: /v1/${MODEL}, timeout: 2s}
  inputs: [${SOURCE}]
  errorPolicy: default
  resources: {replicas: {min: 1, max: ${env === 'prod' ? 4 : 1}}}
`;
}

function dataSource(env: Env): string {
  return `${HEAD}kind: DataSource
metadata:
  name: ${SOURCE}
spec:
  type: warehouse
  engine: postgres
  connection: {secretRef: {provider: env, key: ${env.toUpperCase()}_WAREHOUSE_URL}}   # a reference, never the secret
  location: {table: features.${SOURCE.replace('-', '_')}}
  owner: team:ml
  classification: internal
  schema:
    columns:
      - {name: id, type: string, nullable: false}
      - {name: feature_a, type: number}
      - {name: updated_at, type: timestamp, nullable: false}
  freshness: {maxAge: 6h, column: updated_at}
`;
}

function errorPolicy(): string {
  return `${HEAD}kind: ErrorPolicy
metadata:
  name: default
spec:
  timeout: 500ms
  retry: {maxAttempts: 2, on: [timeout, unavailable], backoff: {initial: 50ms, max: 500ms}}
  # With one released version there is nothing earlier to fall back to: answer with a safe
  # score (it must satisfy the output contract). Once a second version ships, previousVersion works.
  fallback: {type: static, value: {score: 0}}
  alerts:
    - {channel: slack, target: "#ml-alerts", severity: warning}
`;
}

function accessPolicy(): string {
  return `# Default deny: only what a rule allows is allowed, and an explicit deny wins.
${HEAD}kind: AccessPolicy
metadata:
  name: access
spec:
  rules:
    - effect: allow
      subjects: [service:${CONSUMER}]
      actions: [invoke]
      resources: [deployment:${MODEL}]
    - effect: allow
      subjects: [team:platform]
      actions: [apply]
      resources: ["deployment:*"]
`;
}

function consumer(): string {
  return `${HEAD}kind: Consumer
metadata:
  name: ${CONSUMER}
spec:
  owner: team:ml
  subject: service:${CONSUMER}
  uses:
    - {deployment: ${MODEL}, contract: "^1.0.0"}
`;
}

/** The configuration files, by path. */
export function configFiles(name: string): [string, string][] {
  const files: [string, string][] = [
    ['slipway.yaml', project(name)],
    [`models/${MODEL}/model.yaml`, model()],
  ];
  for (const env of ENVIRONMENTS) {
    const dir = `environments/${env}`;
    files.push(
      [`${dir}/environment.yaml`, environment(env)],
      [`${dir}/deployments/${MODEL}.yaml`, deployment(env)],
      [`${dir}/data-sources.yaml`, dataSource(env)],
      [`${dir}/error-policies.yaml`, errorPolicy()],
      [`${dir}/access-policies.yaml`, accessPolicy()],
      [`${dir}/consumers.yaml`, consumer()],
    );
  }
  return files;
}
