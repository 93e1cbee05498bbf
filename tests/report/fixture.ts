import { fileURLToPath } from 'node:url';
import type { TrafficSplit } from '../../src/kinds/index.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import type { AuditEntry } from '../../src/state/store.js';
import type { DataVerification } from '../../src/status/report.js';
import type { DeploymentStatus, EnvironmentStatus, StatusReport } from '../../src/status/status.js';
import { validateTree } from '../../src/validate/index.js';
import type { Config } from '../../src/world/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** This repository's example configuration, freshly loaded (callers may change it). */
export async function exampleConfig(): Promise<Config> {
  return validateTree(await loadTree(fsTree(root))).config;
}

export const REV_PROD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const REV_STAGING = 'b2c3d4e5f60718293a4b5c6d7e8f9012345678a1';
export const REV_DEV = 'c3d4e5f60718293a4b5c6d7e8f9012345678a1b2';

const dep = (name: string, model: string, traffic: TrafficSplit[], revision: string, at: string): DeploymentStatus => ({
  name,
  model,
  traffic,
  revision,
  appliedAt: at,
  actor: 'ci-bot',
});

const t = (version: string, percent = 100): TrafficSplit => ({ version, percent });

/**
 * What the store says for the example: each environment applied as declared, except prod's
 * churn-scorer, which drifted, and a lock held on prod by a running apply.
 */
export function exampleStatus(): StatusReport {
  const env = (
    name: string,
    revision: string,
    at: string,
    deployments: DeploymentStatus[],
    extra: Partial<EnvironmentStatus> = {},
  ): EnvironmentStatus => ({
    env: name,
    lastApply: { revision, at, actor: 'ci-bot', dirty: false },
    resources: 17,
    deployments,
    drift: [],
    lock: null,
    ...extra,
  });
  return {
    environments: [
      env('dev', REV_DEV, '2026-11-27T09:00:00.000Z', [
        dep('churn-scorer', 'churn-scorer', [t('2.2.0')], REV_DEV, '2026-11-27T09:00:00.000Z'),
        dep('credit-limit', 'credit-limit', [t('1.2.0')], REV_DEV, '2026-11-27T09:00:00.000Z'),
        dep('fraud-detector', 'fraud-detector', [t('4.0.0')], REV_DEV, '2026-11-27T09:00:00.000Z'),
      ]),
      env('staging', REV_STAGING, '2026-11-26T15:30:00.000Z', [
        dep('churn-scorer', 'churn-scorer', [t('2.1.0')], REV_STAGING, '2026-11-26T15:30:00.000Z'),
        dep('credit-limit', 'credit-limit', [t('1.1.0')], REV_STAGING, '2026-11-26T15:30:00.000Z'),
        dep('fraud-detector', 'fraud-detector', [t('3.3.0')], REV_STAGING, '2026-11-26T15:30:00.000Z'),
      ]),
      env(
        'prod',
        REV_PROD,
        '2026-11-25T10:00:00.000Z',
        [
          dep('churn-scorer', 'churn-scorer', [t('2.0.0')], REV_PROD, '2026-11-25T10:00:00.000Z'),
          dep('credit-limit', 'credit-limit', [t('1.1.0')], REV_PROD, '2026-11-25T10:00:00.000Z'),
          dep(
            'fraud-detector',
            'fraud-detector',
            [t('3.2.0', 90), t('3.3.0', 10)],
            REV_PROD,
            '2026-11-25T10:00:00.000Z',
          ),
        ],
        {
          drift: [{ kind: 'Deployment', name: 'churn-scorer', drift: 'changed' }],
          lock: {
            env: 'prod',
            id: 'lease-1',
            owner: 'dave',
            host: 'ci-runner-7',
            pid: 4242,
            acquiredAt: '2026-11-28T11:58:00.000Z',
            expiresAt: '2026-11-28T12:13:00.000Z',
          },
        },
      ),
    ],
  };
}

let nextId = 1;
const audit = (
  env: string,
  at: string,
  actor: string,
  revision: string,
  name: string,
  before: TrafficSplit[] | undefined,
  after: TrafficSplit[],
): AuditEntry => ({
  id: nextId++,
  env,
  at,
  actor,
  revision,
  dirty: false,
  action: before ? 'update' : 'create',
  kind: 'Deployment',
  name,
  ...(before ? { before: { model: name, traffic: before } } : {}),
  after: { model: name, traffic: after },
});

/** A few audit rows, oldest first. */
export function exampleAudit(): AuditEntry[] {
  return [
    audit('prod', '2026-11-20T10:00:00.000Z', 'olivia', REV_PROD, 'fraud-detector', undefined, [t('3.2.0')]),
    audit(
      'prod',
      '2026-11-25T10:00:00.000Z',
      'dave',
      REV_PROD,
      'fraud-detector',
      [t('3.2.0')],
      [t('3.2.0', 90), t('3.3.0', 10)],
    ),
    audit('staging', '2026-11-26T15:30:00.000Z', 'ci-bot', REV_STAGING, 'churn-scorer', [t('2.0.0')], [t('2.1.0')]),
    audit('dev', '2026-11-27T09:00:00.000Z', 'ci-bot', REV_DEV, 'fraud-detector', [t('3.3.0')], [t('4.0.0')]),
  ];
}

export const EXAMPLE_DATA: DataVerification[] = [
  {
    env: 'prod',
    dataSource: 'transactions',
    at: '2026-11-28T06:00:00.000Z',
    outcome: 'passed',
    checks: [
      { check: 'accessible', outcome: 'passed' },
      { check: 'freshness', outcome: 'passed' },
    ],
  },
  {
    env: 'staging',
    dataSource: 'customer-profiles',
    at: '2026-11-28T06:05:00.000Z',
    outcome: 'failed',
    checks: [
      { check: 'accessible', outcome: 'passed' },
      { check: 'freshness', outcome: 'failed' },
    ],
  },
];
