import type { Files } from './config-repo.js';
import { digest } from './values.js';

export interface RepoShape {
  /** Number of Deployments in each environment. */
  deployments?: number;
  /** Traffic of deployment `d-0` (the others always run 1.0.0 at 100%). */
  traffic?: Array<{ version: string; percent: number }>;
  /** Give prod a promotion policy (apply then refuses a dirty working tree). */
  promotion?: boolean;
  digest2?: string;
  /** More files, laid over the repository. */
  extra?: Files;
  /** Deliver prod to Kubernetes (a deploy branch) instead of `local`; the models then declare a framework. */
  kubernetes?: { push?: boolean; branch?: string; path?: string };
}

/**
 * The model's versions. 0.9.0 is what the `previousVersion` fallback of 1.0.0 answers with; it
 * comes last so that the others keep their digests.
 */
const VERSIONS = ['1.0.0', '2.0.0', '0.9.0'];

/** A valid configuration repository with every kind, sized by its number of deployments. */
export function reconcileRepo(shape: RepoShape = {}): Files {
  const n = shape.deployments ?? 2;
  const traffic = shape.traffic ?? [{ version: '1.0.0', percent: 100 }];
  const files: Files = {
    'slipway.yaml': `apiVersion: slipway.dev/v1
kind: Project
metadata: {name: acme}
spec:
  environments: [dev, prod]
  teams:
    ml: {members: [alice]}
`,
    'models/m/model.yaml': `apiVersion: slipway.dev/v1
kind: Model
metadata: {name: m}
spec:
  owners: [team:ml]
  task: regression
  versions:
${VERSIONS.map(
  (v, i) => `    - version: ${v}
      status: approved
      createdAt: 2026-10-0${i + 1}T10:00:00Z
      artifact: {uri: s3://models/m/${v}/model.onnx, digest: "${i === 1 && shape.digest2 ? shape.digest2 : digest(String(i + 1))}"}
${shape.kubernetes ? '      framework: onnx\n' : ''}      contract:
        input: {type: object, properties: {x: {type: number}}}
        output: {type: object, required: [y], properties: {y: {type: number}}}
`,
).join('')}`,
  };
  const k8s = shape.kubernetes;
  const kubernetes = k8s
    ? `{type: kubernetes, namespace: ml-prod${k8s.branch ? `, branch: ${k8s.branch}` : ''}${k8s.path ? `, path: ${k8s.path}` : ''}${k8s.push ? ', push: true' : ''}}`
    : '';
  for (const env of ['dev', 'prod']) {
    files[`environments/${env}/environment.yaml`] = `apiVersion: slipway.dev/v1
kind: Environment
metadata: {name: ${env}}
spec:
  target: ${env === 'prod' && k8s ? kubernetes : '{type: local}'}
${env === 'prod' && shape.promotion ? '  promotion: {from: dev}\n' : ''}`;
    files[`environments/${env}/base.yaml`] = `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: events}
spec:
  type: stream
  engine: kafka
  location: {topic: events}
  owner: team:ml
  classification: internal
---
apiVersion: slipway.dev/v1
kind: ErrorPolicy
metadata: {name: default}
spec:
  timeout: 1s
  fallback: {type: previousVersion}
---
apiVersion: slipway.dev/v1
kind: AccessPolicy
metadata: {name: app-access}
spec:
  rules:
    - {effect: allow, subjects: ["service:app"], actions: [invoke], resources: ["deployment:d-0"]}
---
apiVersion: slipway.dev/v1
kind: Consumer
metadata: {name: app}
spec:
  subject: service:app
  uses:
    - {deployment: d-0, contract: ">=1.0.0"}
`;
    const docs: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = i === 0 ? traffic : [{ version: '1.0.0', percent: 100 }];
      docs.push(`apiVersion: slipway.dev/v1
kind: Deployment
metadata: {name: d-${i}}
spec:
  model: m
  traffic:
${t.map((x) => `    - {version: ${x.version}, percent: ${x.percent}}`).join('\n')}
  mode: realtime
  endpoint: {path: /v1/d-${i}}
  inputs: [events]
  errorPolicy: default
`);
    }
    // Files of at most 200 documents: well under the loader's 1 MiB limit.
    for (let f = 0; f * 200 < Math.max(n, 1); f++) {
      files[`environments/${env}/deployments-${f}.yaml`] = docs.slice(f * 200, (f + 1) * 200).join('---\n') || null;
    }
  }
  return { ...files, ...(shape.extra ?? {}) };
}
