import { describe, expect, it } from 'vitest';
import { classifyChanges, pastKey } from '../../src/gate/classify.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { validateTree } from '../../src/validate/index.js';
import type { Config } from '../../src/world/config.js';
import { DEFAULT_VERSIONS, deployment, deploymentFile, gateRepo, model, type Split } from '../support/base-gate.js';
import { withFiles, writeRepo, type Files } from '../support/config-repo.js';

async function configOf(files: Files): Promise<Config> {
  return validateTree(await loadTree(fsTree(writeRepo(files)))).config;
}

/** Classifies a change of prod's fraud-detector traffic from `from` to `to`. */
async function move(from: Split, to: Split, pastFull: string[] = []) {
  const base = await configOf(withFiles(gateRepo(), { [deploymentFile('prod')]: deployment('prod', from) }));
  const head = await configOf(withFiles(gateRepo(), { [deploymentFile('prod')]: deployment('prod', to) }));
  return classifyChanges(base, head, new Map([[pastKey('prod', 'fraud-detector'), new Set(pastFull)]])).map((c) =>
    'version' in c ? `${c.type} ${c.version}` : c.type,
  );
}

describe('classifyChanges', () => {
  // Tells promotions, canary steps, full rollouts, rollbacks and traffic changes apart.
  const moves: Array<[name: string, from: Split, to: Split, pastFull: string[], expected: string[]]> = [
    [
      'a first canary is a promotion',
      [['3.2.0', 100]],
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      [],
      ['promotion 3.3.0'],
    ],
    ['a straight replacement is a promotion', [['3.2.0', 100]], [['3.3.0', 100]], [], ['promotion 3.3.0']],
    [
      'a bigger canary share is a canary step',
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      [
        ['3.2.0', 50],
        ['3.3.0', 50],
      ],
      [],
      ['canary-step 3.3.0'],
    ],
    [
      'the canary at 100% is a full rollout',
      [
        ['3.2.0', 50],
        ['3.3.0', 50],
      ],
      [['3.3.0', 100]],
      [],
      ['full-rollout 3.3.0'],
    ],
    // An aborted canary goes back to the version that never left.
    [
      'an aborted canary is a rollback',
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      [['3.2.0', 100]],
      ['3.2.0', '3.3.0'],
      ['rollback 3.2.0'],
    ],
    // Back to the majority side of a split that never had all of the traffic: judged as a rollout.
    [
      'back to a version that never had 100% here is not a rollback',
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      [['3.2.0', 100]],
      ['3.3.0'],
      ['full-rollout 3.2.0'],
    ],
    [
      'a smaller canary share is a traffic change',
      [
        ['3.2.0', 50],
        ['3.3.0', 50],
      ],
      [
        ['3.2.0', 80],
        ['3.3.0', 20],
      ],
      ['3.2.0', '3.3.0'],
      ['traffic-change 3.2.0'],
    ],
    // Back to a version live before: a rollback; to an older one never live here: a promotion.
    [
      'back to a version live before is a rollback',
      [['3.3.0', 100]],
      [['3.2.0', 100]],
      ['3.2.0', '3.3.0'],
      ['rollback 3.2.0'],
    ],
    [
      'to an older version never live here is a promotion',
      [['3.3.0', 100]],
      [['3.2.0', 100]],
      ['3.3.0'],
      ['promotion 3.2.0'],
    ],
    // Forward to a version that was live once (a canary retried): still a promotion.
    [
      'a retried canary is still a promotion',
      [['3.2.0', 100]],
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      ['3.2.0', '3.3.0'],
      ['promotion 3.3.0'],
    ],
    // Reordered entries are no change.
    [
      'reordered entries are no change',
      [
        ['3.2.0', 90],
        ['3.3.0', 10],
      ],
      [
        ['3.3.0', 10],
        ['3.2.0', 90],
      ],
      [],
      [],
    ],
  ];
  it.each(moves)('%s', async (_name, from, to, pastFull, expected) => {
    expect(await move(from, to, pastFull)).toEqual(expected);
  });

  it('reports deployments added, removed and edited, and documents by kind', async () => {
    const base = await configOf(gateRepo());
    const head = await configOf(
      withFiles(gateRepo(), {
        [deploymentFile('dev')]: null,
        'environments/dev/deployments/other.yaml': deployment('dev', [['3.2.0', 100]])
          .replace('name: fraud-detector}', 'name: fraud-canary}')
          .replace('/v1/fraud-detector', '/v1/fraud-canary'),
        [deploymentFile('staging')]: deployment(
          'staging',
          [['3.2.0', 100]],
          '  resources: {replicas: {min: 2, max: 4}}\n',
        ),
        'environments/prod/consumers.yaml': String(gateRepo()['environments/prod/consumers.yaml']).replace(
          '^3.0.0',
          '>=3.0.0',
        ),
      }),
    );
    const changes = classifyChanges(base, head);
    expect(
      changes.map((c) => [c.type, c.env, 'deployment' in c ? c.deployment : 'name' in c ? c.name : undefined]),
    ).toEqual([
      ['deployment-added', 'dev', 'fraud-canary'],
      ['deployment-removed', 'dev', 'fraud-detector'],
      ['deployment-updated', 'staging', 'fraud-detector'],
      ['consumer-change', 'prod', 'checkout'],
    ]);
    const updated = changes[2]!;
    expect(updated.type === 'deployment-updated' && updated.fields).toEqual([
      { path: 'spec.resources', after: { replicas: { min: 2, max: 4 } } },
    ]);
  });

  it('blocks only the immutable fields of released versions; candidates and statuses may change', async () => {
    const versions = [...DEFAULT_VERSIONS, { version: '3.6.0', status: 'candidate', metrics: '{auc: 0.9}' }];
    const base = await configOf(withFiles(gateRepo(), { 'models/fraud-detector/model.yaml': model(versions) }));
    const edited = versions.map((v) =>
      v.version === '3.6.0'
        ? { ...v, metrics: '{auc: 0.91}' }
        : v.version === '3.2.0'
          ? { ...v, status: 'deprecated' }
          : v.version === '3.3.0'
            ? { ...v, metrics: '{auc: 0.925, latency_p99_ms: 45}' }
            : v,
    );
    const head = await configOf(
      withFiles(gateRepo(), {
        'models/fraud-detector/model.yaml': model([...edited, { version: '3.7.0', status: 'candidate' }]),
      }),
    );
    const changes = classifyChanges(base, head);
    expect(changes.map((c) => c.type)).toEqual(['model-version-added', 'released-version-mutated', 'model-updated']);
    const [added, mutated, updated] = changes;
    expect(added).toMatchObject({ model: 'fraud-detector', version: '3.7.0', status: 'candidate' });
    expect(mutated).toMatchObject({
      version: '3.3.0',
      status: 'approved',
      fields: [{ path: 'versions[3.3.0].metrics.latency_p99_ms', before: 44, after: 45 }],
      paths: [['spec', 'versions', 1, 'metrics', 'latency_p99_ms']],
    });
    expect(updated?.type === 'model-updated' && updated.fields.map((f) => f.path)).toEqual([
      'versions[3.2.0].status',
      'versions[3.6.0].metrics.auc',
    ]);
  });
});
