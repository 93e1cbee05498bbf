import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateTimelines, timelinesFromAudit } from '../../src/history/from-state.js';
import { trafficStates, type TrafficPoint } from '../../src/history/timeline.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { AuditEntry, StateStore } from '../../src/state/store.js';
import { tempDir } from '../support/tree.js';
import { ctx } from '../support/values.js';

const SOURCE = { kind: 'state', url: 'sqlite:.slipway/state.db' } as const;

function row(
  id: number,
  name: string,
  at: string,
  traffic: Array<[string, number]> | 'delete',
  extra: Partial<AuditEntry> = {},
): AuditEntry {
  const base = {
    id,
    env: 'prod',
    at,
    actor: 'ci',
    revision: `r${id}`,
    dirty: false,
    kind: 'Deployment' as const,
    name,
  };
  if (traffic === 'delete') return { ...base, action: 'delete', ...extra };
  return {
    ...base,
    action: 'update',
    after: { model: 'fraud-detector', traffic: traffic.map(([version, percent]) => ({ version, percent })) },
    ...extra,
  };
}

describe('timelinesFromAudit', () => {
  it('orders rows oldest first, keeps only changes, marks deletions null, and skips other environments and kinds', () => {
    const entries = [
      row(5, 'fd', '2026-11-05T00:00:00Z', [['3.2.0', 100]]),
      row(1, 'fd', '2026-11-01T00:00:00Z', [['3.1.0', 100]]),
      row(2, 'fd', '2026-11-02T00:00:00Z', [['3.1.0', 100]]),
      row(3, 'fd', '2026-11-03T00:00:00Z', 'delete'),
      row(4, 'fd', '2026-11-04T00:00:00Z', [
        ['3.1.0', 90],
        ['3.2.0', 10],
      ]),
      row(6, 'fd', '2026-11-06T00:00:00Z', [['9.9.9', 100]], { env: 'staging' }),
      row(7, 'fd', '2026-11-07T00:00:00Z', [['9.9.9', 100]], { kind: 'Model' }),
    ];
    const timelines = timelinesFromAudit('prod', entries, SOURCE);
    expect([...timelines.keys()]).toEqual(['fd']);
    expect(timelines.get('fd')).toEqual({
      env: 'prod',
      deployment: 'fd',
      source: SOURCE,
      horizon: '2026-11-01T00:00:00.000Z',
      points: [
        {
          at: '2026-11-01T00:00:00.000Z',
          revision: 'r1',
          model: 'fraud-detector',
          traffic: [{ version: '3.1.0', percent: 100 }],
        },
        { at: '2026-11-03T00:00:00.000Z', revision: 'r3', traffic: null },
        {
          at: '2026-11-04T00:00:00.000Z',
          revision: 'r4',
          model: 'fraud-detector',
          traffic: [
            { version: '3.1.0', percent: 90 },
            { version: '3.2.0', percent: 10 },
          ],
        },
        {
          at: '2026-11-05T00:00:00.000Z',
          revision: 'r5',
          model: 'fraud-detector',
          traffic: [{ version: '3.2.0', percent: 100 }],
        },
      ],
    });
  });
});

describe('trafficStates', () => {
  it('lists the splits newest first, without the stretches where the deployment did not exist', () => {
    const points: TrafficPoint[] = [
      { at: '2026-11-01T00:00:00.000Z', revision: 'a', traffic: [{ version: '3.0.0', percent: 100 }] },
      { at: '2026-11-02T00:00:00.000Z', revision: 'b', traffic: null },
      { at: '2026-11-03T00:00:00.000Z', revision: 'c', traffic: [{ version: '3.1.0', percent: 100 }] },
      {
        at: '2026-11-04T00:00:00.000Z',
        revision: 'd',
        traffic: [
          { version: '3.1.0', percent: 50 },
          { version: '3.2.0', percent: 50 },
        ],
      },
    ];
    expect(trafficStates(points)).toEqual([
      [
        { version: '3.1.0', percent: 50 },
        { version: '3.2.0', percent: 50 },
      ],
      [{ version: '3.1.0', percent: 100 }],
      [{ version: '3.0.0', percent: 100 }],
    ]);
    expect(trafficStates([])).toEqual([]);
  });
});

describe('stateTimelines', () => {
  let store: StateStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('reads every Deployment of an environment, or only the one named, from the audit log', async () => {
    store = await openSqliteStore(path.join(tempDir(), 'state.db'), { display: '.slipway/state.db' });
    const apply = (env: string, name: string, version: string, at: string) =>
      store!.record(ctx({ env, revision: version, actor: 'ci', at, runId: at }), [
        {
          action: 'update',
          kind: 'Deployment',
          name,
          after: { spec: { model: name, traffic: [{ version, percent: 100 }] } },
          hash: version,
          changes: [],
        },
      ]);
    await apply('prod', 'fraud-detector', '3.1.0', '2026-10-01T10:00:00Z');
    await apply('prod', 'churn', '1.0.0', '2026-10-02T10:00:00Z');
    await apply('prod', 'fraud-detector', '3.2.0', '2026-11-01T10:00:00Z');
    await apply('staging', 'fraud-detector', '3.3.0', '2026-11-02T10:00:00Z');

    const all = await stateTimelines(store, 'prod', 'sqlite:.slipway/state.db');
    expect([...all.keys()].sort()).toEqual(['churn', 'fraud-detector']);
    expect(all.get('churn')?.points.map((p) => p.traffic)).toEqual([[{ version: '1.0.0', percent: 100 }]]);

    const one = await stateTimelines(store, 'prod', 'sqlite:.slipway/state.db', 'fraud-detector');
    expect([...one.keys()]).toEqual(['fraud-detector']);
    expect(one.get('fraud-detector')).toEqual({
      env: 'prod',
      deployment: 'fraud-detector',
      source: SOURCE,
      horizon: '2026-10-01T10:00:00.000Z',
      points: [
        {
          at: '2026-10-01T10:00:00.000Z',
          revision: '3.1.0',
          model: 'fraud-detector',
          traffic: [{ version: '3.1.0', percent: 100 }],
        },
        {
          at: '2026-11-01T10:00:00.000Z',
          revision: '3.2.0',
          model: 'fraud-detector',
          traffic: [{ version: '3.2.0', percent: 100 }],
        },
      ],
    });
    expect(trafficStates(one.get('fraud-detector')!.points).map((s) => s[0]!.version)).toEqual(['3.2.0', '3.1.0']);

    expect((await stateTimelines(store, 'dev', 'sqlite:.slipway/state.db')).size).toBe(0);
  });
});
