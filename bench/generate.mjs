// @ts-check
/**
 * Writes a deterministic synthetic Slipway config repository of a given number of resources
 * (YAML documents), shaped like this repository's example: many models with several versions
 * and contracts, dev/staging/prod, every kind, canaries in prod, batch and realtime
 * deployments, PII inputs. It is a real git repository with two commits: the second changes
 * the traffic of 1% of the deployments (the input of `slipway gate`).
 *
 * One document per file, so ajv-cli (which takes one document per file) reads the same files;
 * timestamps are quoted because ajv-cli parses YAML 1.1, where an unquoted one becomes a Date.
 *
 *   node bench/generate.mjs <size> <dir>     # e.g. node bench/generate.mjs 1000 bench/.work/repo-1000
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 4;
const ENVS = /** @type {const} */ (['dev', 'staging', 'prod']);
const TEAMS = 24;

/** mulberry32: a tiny seeded PRNG, so the same size always yields the same repository. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha = (s) => createHash('sha256').update(s).digest('hex');
const pad = (n, w = 5) => String(n).padStart(w, '0');

/**
 * @typedef {{ files: Map<string, string>, deployments: string[] }} Repo
 */

/** Resources per model group: the Model, and in each environment a Deployment, its input DataSource, a Consumer and an AccessPolicy. */
const PER_GROUP = 1 + ENVS.length * 4;
/** Fixed resources: Project, 3 Environments, and per environment 2 ErrorPolicies, a batch output and a dead-letter DataSource. */
const FIXED = 1 + ENVS.length + ENVS.length * 4;

/**
 * @param {number} size number of resources (documents) to generate
 * @returns {Repo}
 */
export function generate(size) {
  if (!Number.isInteger(size) || size < FIXED + PER_GROUP)
    throw new Error(`size must be an integer of at least ${FIXED + PER_GROUP}`);
  const random = rng(size * 7919 + 17);
  const pick = (/** @type {number} */ p) => random() < p;
  const groups = Math.floor((size - FIXED) / PER_GROUP);
  const extra = size - FIXED - groups * PER_GROUP; // padded with extra reference DataSources
  /** @type {Map<string, string>} */
  const files = new Map();
  /** @type {string[]} */
  const deployments = [];

  const teamNames = Array.from({ length: TEAMS }, (_, i) => `team-${pad(i, 2)}`);
  files.set(
    'slipway.yaml',
    `apiVersion: slipway.dev/v1
kind: Project
metadata: {name: synthetic-${size}}
spec:
  environments: [${ENVS.join(', ')}]
  teams:
${teamNames.map((t, i) => `    ${t}: {members: [user-${pad(i * 2, 3)}, user-${pad(i * 2 + 1, 3)}]}`).join('\n')}
    platform: {members: [ops-1, ops-2]}
  governance:
    policyApprovers: [team:platform]
  state: {url: "sqlite:.slipway/state.db"}
`,
  );

  ENVS.forEach((env, i) => {
    const promotion =
      i === 0
        ? ''
        : `  promotion:
    from: ${ENVS[i - 1]}
    soak: ${i === 1 ? '12h' : '48h'}
    approvals: {required: ${i}, from: [team:platform, team:team-00]}
    metrics:
      - {name: auc, min: 0.7}
      - {name: latency_p99_ms, max: 200}
    freeze:
      - {from: "2026-12-20T00:00:00Z", to: "2027-01-03T00:00:00Z", reason: holiday freeze}
`;
    const requires =
      i === 0
        ? ''
        : i === 1
          ? '  requires: {errorPolicy: true}\n'
          : '  requires: {errorPolicy: true, fallback: true}\n';
    files.set(
      `environments/${env}/environment.yaml`,
      `apiVersion: slipway.dev/v1\nkind: Environment\nmetadata: {name: ${env}}\nspec:\n  target: {type: kubernetes, namespace: ml-${env}, batchImage: "ghcr.io/synthetic/scorer:1.0"}\n${promotion}${requires}`,
    );
    files.set(
      `environments/${env}/error-policies/realtime-strict.yaml`,
      `apiVersion: slipway.dev/v1
kind: ErrorPolicy
metadata: {name: realtime-strict}
spec:
  timeout: 60ms
  retry: {maxAttempts: 2, on: [timeout, unavailable], backoff: {initial: 10ms, max: 10ms, jitter: true}}
  circuitBreaker: {errorRate: 0.05, window: 1m, cooldown: 30s}
  fallback: {type: previousVersion}
  dataQuality: {onFailure: block}
  deadLetter: {dataSource: dead-letter}
  rollback: {automatic: true, when: {errorRate: 0.02, for: 5m}}
  alerts: [{channel: pagerduty, target: ml-oncall, severity: critical}]
`,
    );
    files.set(
      `environments/${env}/error-policies/batch-nightly.yaml`,
      `apiVersion: slipway.dev/v1
kind: ErrorPolicy
metadata: {name: batch-nightly}
spec:
  timeout: 2h
  retry: {maxAttempts: 3, on: [unavailable, rate-limited, server-error], backoff: {initial: 1m, max: 15m, multiplier: 3}}
  fallback: {type: previousVersion}
  dataQuality: {onFailure: quarantine}
  deadLetter: {dataSource: dead-letter}
  alerts: [{channel: slack, target: "#ml-batch", severity: warning}]
`,
    );
    files.set(
      `environments/${env}/data-sources/batch-scores.yaml`,
      `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: batch-scores}
spec:
  type: warehouse
  engine: snowflake
  connection: {secretRef: {provider: aws-secrets-manager, key: ${env}/snowflake/scores-writer}}
  location: {table: SCORES.PUBLIC.BATCH_SCORES}
  owner: team:platform
  classification: confidential
`,
    );
    files.set(
      `environments/${env}/data-sources/dead-letter.yaml`,
      `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: dead-letter}
spec:
  type: lake
  engine: s3
  connection: {secretRef: {provider: aws-secrets-manager, key: ${env}/s3/dead-letter}}
  location: {path: "s3://synthetic-dead-letter/${env}/"}
  owner: team:platform
  classification: confidential
`,
    );
  });

  for (let g = 0; g < groups; g++) {
    const model = `model-${pad(g)}`;
    const source = `features-${pad(g)}`;
    const consumer = `service-${pad(g)}`;
    const team = teamNames[g % TEAMS];
    const batch = pick(1 / 3);
    const pii = pick(0.25);
    const canary = pick(0.3);
    const major = 1 + Math.floor(random() * 4);
    const versions = [
      { v: `${major}.0.0`, status: 'deprecated' },
      { v: `${major}.1.0`, status: 'approved' },
      { v: `${major}.2.0`, status: 'approved' },
      { v: `${major}.3.0`, status: 'candidate' },
    ];
    const auc = (i) => (0.8 + i * 0.02 + random() * 0.01).toFixed(3);
    files.set(
      `models/${model}/model.yaml`,
      `apiVersion: slipway.dev/v1
kind: Model
metadata:
  name: ${model}
  labels: {team: ${team}}
spec:
  owners: [team:${team}]
  description: Synthetic model ${g} (${batch ? 'batch scoring' : 'realtime scoring'}).
  task: ${batch ? 'regression' : 'binary-classification'}
  versions:
${versions
  .map(
    ({ v, status }, i) => `    - version: ${v}
      status: ${status}
      createdAt: "2026-${pad(3 + i * 2, 2)}-${pad(1 + (g % 27), 2)}T10:00:00Z"
      artifact:
        uri: s3://synthetic-artifacts/${model}/${v}/model.onnx
        digest: sha256:${sha(`${model}@${v}`)}
      framework: ${batch ? 'xgboost' : 'onnx'}
      trainedOn: [{dataSource: ${source}, snapshot: "2026-${pad(2 + i * 2, 2)}-28"}]
      metrics: {auc: ${auc(i)}, latency_p99_ms: ${30 + Math.floor(random() * 60)}}
      contract:
        input:
          type: object
          required: [entity_id, amount]
          properties:
            entity_id: {type: string}
            amount: {type: number, minimum: 0}${i >= 1 ? '\n            channel: {type: string, enum: [web, app, store]}' : ''}
        output:
          type: object
          required: [score]
          properties:
            score: {type: number, minimum: 0, maximum: 1}${i >= 2 ? '\n            reason_codes: {type: array, items: {type: string}}' : ''}`,
  )
  .join('\n')}
`,
    );
    ENVS.forEach((env, e) => {
      const dir = `environments/${env}`;
      const classification = pii && env !== 'dev' ? 'pii' : 'confidential';
      files.set(
        `${dir}/data-sources/${source}.yaml`,
        `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: ${source}}
spec:
  type: warehouse
  engine: postgres
  connection: {secretRef: {provider: vault, key: secret/data/${env}/warehouse/${source}}}
  location: {table: features.${source.replace(/-/g, '_')}}
  owner: team:${team}
  classification: ${classification}
  schema:
    columns:
      - {name: entity_id, type: string, nullable: false}
      - {name: amount, type: number, nullable: false}
      - {name: channel, type: string${pii ? ', pii: true' : ''}}
      - {name: updated_at, type: timestamp, nullable: false}
  freshness: {maxAge: 6h, column: updated_at}
  refresh: {schedule: "*/30 * * * *"}
  dedup: {keys: [entity_id]}
  quality:
    - {check: notNull, column: amount}
    - {check: range, column: amount, min: 0}
`,
      );
      // dev runs the candidate, staging the newest approved version, prod the previous one (with a canary to the newest).
      const traffic =
        e === 0
          ? [[versions[3].v, 100]]
          : e === 1
            ? [[versions[2].v, 100]]
            : canary
              ? [
                  [versions[1].v, 90],
                  [versions[2].v, 10],
                ]
              : [[versions[1].v, 100]];
      const shape = batch
        ? `  mode: batch\n  schedule: "${g % 60} ${g % 24} * * *"\n  output: {dataSource: batch-scores}\n  errorPolicy: batch-nightly\n`
        : `  mode: realtime\n  endpoint: {path: /v1/${model}, timeout: 250ms}\n  errorPolicy: realtime-strict\n`;
      const file = `${dir}/deployments/${model}.yaml`;
      deployments.push(file);
      files.set(
        file,
        `apiVersion: slipway.dev/v1
kind: Deployment
metadata:
  name: ${model}
  labels: {team: ${team}}
spec:
  model: ${model}
  traffic:
${traffic.map(([v, p]) => `    - {version: ${v}, percent: ${p}}`).join('\n')}
${shape}  inputs: [${source}]
  resources: {replicas: {min: ${e + 1}, max: ${(e + 1) * 4}}, cpu: "2", memory: 4Gi}
  slo: {${batch ? '' : 'latencyP99: 150ms, '}availability: 99.9}
`,
      );
      files.set(
        `${dir}/consumers/${consumer}.yaml`,
        `apiVersion: slipway.dev/v1
kind: Consumer
metadata: {name: ${consumer}}
spec:
  owner: team:${team}
  subject: service:${consumer}
  uses:
    - {deployment: ${model}, contract: "^${major}.0.0"}
`,
      );
      files.set(
        `${dir}/access-policies/${model}-access.yaml`,
        `apiVersion: slipway.dev/v1
kind: AccessPolicy
metadata: {name: ${model}-access}
spec:
  rules:
    - effect: allow
      subjects: [service:${consumer}]
      actions: [${batch ? 'read-output' : 'invoke'}]
      resources: [deployment:${model}]
    - effect: allow
      subjects: [team:${team}]
      actions: [read-data, read-output, promote]
      resources: [datasource:${source}, deployment:${model}, model:${model}]
`,
      );
    });
  }

  // Pad to exactly `size` with reference tables, spread over the environments.
  for (let x = 0; x < extra; x++) {
    const env = ENVS[x % ENVS.length];
    files.set(
      `environments/${env}/data-sources/reference-${pad(x)}.yaml`,
      `apiVersion: slipway.dev/v1
kind: DataSource
metadata: {name: reference-${pad(x)}}
spec:
  type: file
  engine: csv
  location: {path: "s3://synthetic-reference/${env}/reference-${pad(x)}.csv"}
  owner: team:platform
  classification: internal
`,
    );
  }
  return { files, deployments };
}

/**
 * Changes the traffic of 1% of the deployments (at least one): prod canaries move to 50/50,
 * other deployments start a 90/10 canary to the next version where one is approved.
 * @param {Repo} repo
 * @returns {string[]} the changed files
 */
export function changeOnePercent(repo) {
  const prod = repo.deployments.filter((f) => f.startsWith('environments/prod/'));
  const count = Math.max(1, Math.round(repo.deployments.length / 100));
  const step = Math.max(1, Math.floor(prod.length / count));
  /** @type {string[]} */
  const changed = [];
  for (let i = 0; i < prod.length && changed.length < count; i += step) {
    const file = prod[i];
    const text = repo.files.get(file);
    if (!text) continue;
    const m =
      /traffic:\n {4}- \{version: (\d+)\.1\.0, percent: (\d+)\}(\n {4}- \{version: \d+\.2\.0, percent: \d+\})?/.exec(
        text,
      );
    if (!m) continue;
    const major = m[1];
    const next = text.replace(
      m[0],
      `traffic:\n    - {version: ${major}.1.0, percent: 50}\n    - {version: ${major}.2.0, percent: 50}`,
    );
    repo.files.set(file, next);
    changed.push(file);
  }
  return changed;
}

/** @param {string} dir @param {Map<string, string>} files */
function writeFiles(dir, files) {
  for (const [file, text] of files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

/** @param {string} dir @param {string[]} args @param {string} date */
function git(dir, args, date = '2026-11-20T10:00:00Z') {
  execFileSync('git', args, {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'Bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

/**
 * Generates the repository of `size` resources into `dir` (replacing it) with two commits.
 * @param {number} size @param {string} dir
 * @returns {{ resources: number, files: number, changed: number }}
 */
export function writeRepo(size, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const repo = generate(size);
  writeFiles(dir, repo.files);
  writeFileSync(join(dir, '.gitignore'), '.slipway/\n');
  const fileCount = repo.files.size;
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `Synthetic repository of ${size} resources`]);
  const changed = changeOnePercent(repo);
  writeFiles(dir, new Map(changed.map((f) => [f, /** @type {string} */ (repo.files.get(f))])));
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `Shift traffic on ${changed.length} deployments`], '2026-11-21T10:00:00Z');
  // Packed, as a clone in CI is: 10,000 loose objects would make every git read of the
  // benchmark measure zlib on small files instead of what users see.
  git(dir, ['repack', '-adq']);
  git(dir, ['prune']);
  return { resources: size, files: fileCount, changed: changed.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [sizeArg, dirArg] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!dirArg || !Number.isInteger(size)) {
    process.stderr.write('usage: node bench/generate.mjs <size> <dir>\n');
    process.exit(2);
  }
  const result = writeRepo(size, dirArg);
  process.stdout.write(
    `${dirArg}: ${result.resources} resources in ${result.files} files; second commit changes ${result.changed} deployments\n`,
  );
}
