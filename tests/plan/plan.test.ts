import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlanJson } from '../../src/format/plan-json.js';
import { formatPlanMarkdown } from '../../src/format/plan-markdown.js';
import { formatPlanText } from '../../src/format/plan-text.js';
import { diffValues } from '../../src/model/diff.js';
import type { ActualResource } from '../../src/model/change.js';
import { planChanges, stateFingerprint, summarize } from '../../src/plan/plan.js';
import type { PlanReport } from '../../src/plan/report.js';
import type { Kind } from '../../src/kinds/index.js';
import type { ResourceBody } from '../../src/model/resource.js';
import { contentHash } from '../../src/model/canonical.js';
import type { DesiredResource } from '../../src/world/desired.js';

const deployment = (traffic: Array<[string, number]>, extra: Record<string, unknown> = {}): ResourceBody => ({
  spec: {
    model: 'fraud',
    mode: 'realtime',
    traffic: traffic.map(([version, percent]) => ({ version, percent })),
    ...extra,
  },
});
const source = (table: string): ResourceBody => ({
  spec: { type: 'warehouse', engine: 'postgres', location: { table } },
});

const want = (kind: Kind, name: string, body: ResourceBody): DesiredResource => ({
  kind,
  name,
  file: `environments/prod/${name}.yaml`,
  body,
  hash: contentHash(body),
});
const have = (kind: Kind, name: string, body: ResourceBody): ActualResource => {
  const snap = { body, hash: contentHash(body) };
  return { kind, name, recorded: snap, live: snap };
};

const report = (desired: DesiredResource[], actual: ActualResource[]): PlanReport => {
  const changes = planChanges(desired, actual);
  return {
    env: 'prod',
    revision: '4f2a9c1e'.padEnd(40, '0'),
    dirty: false,
    stateFingerprint: stateFingerprint(actual),
    createdAt: '2026-11-28T12:00:00.000Z',
    changes,
    summary: summarize(changes),
  };
};
const text = (r: PlanReport): string => formatPlanText(r, { color: false });

describe('plan goldens', () => {
  it('create, in dependency order', () => {
    const r = report(
      [
        want('Deployment', 'fraud', deployment([['3.2.0', 100]])),
        want('DataSource', 'tx', source('a.tx')),
        want('Consumer', 'checkout', { spec: { subject: 'service:checkout' } }),
      ],
      [],
    );
    expect(text(r)).toBe(`Plan for prod from revision 4f2a9c1:

  + DataSource/tx
  + Consumer/checkout
  + Deployment/fraud  traffic: 3.2.0 100%

Plan: 3 to add, 0 to change, 0 to destroy.
`);
  });

  it('update, field by field', () => {
    const r = report(
      [
        want(
          'Deployment',
          'fraud',
          deployment(
            [
              ['3.2.0', 50],
              ['4.0.0', 50],
            ],
            { inputs: ['tx', 'orders'] },
          ),
        ),
      ],
      [
        have(
          'Deployment',
          'fraud',
          deployment(
            [
              ['3.2.0', 90],
              ['4.0.0', 10],
            ],
            { inputs: ['tx'], errorPolicy: 'strict' },
          ),
        ),
      ],
    );
    expect(text(r)).toBe(`Plan for prod from revision 4f2a9c1:

  ~ Deployment/fraud
      - spec.errorPolicy: strict
      + spec.inputs[1]: orders
      spec.traffic[0].percent: 90 → 50
      spec.traffic[1].percent: 10 → 50

Plan: 0 to add, 1 to change, 0 to destroy.
`);
  });

  it('delete, in reverse dependency order', () => {
    const r = report(
      [],
      [have('DataSource', 'tx', source('a.tx')), have('Deployment', 'fraud', deployment([['3.2.0', 100]]))],
    );
    expect(text(r)).toBe(`Plan for prod from revision 4f2a9c1:

  - Deployment/fraud
  - DataSource/tx

Plan: 0 to add, 0 to change, 2 to destroy.
`);
  });

  it('no-op', () => {
    const body = deployment([['3.2.0', 100]]);
    const r = report([want('Deployment', 'fraud', body)], [have('Deployment', 'fraud', body)]);
    expect(r.changes).toEqual([{ action: 'no-op', kind: 'Deployment', name: 'fraud' }]);
    expect(text(r)).toBe('No changes. prod matches revision 4f2a9c1.\n');
    expect(formatPlanMarkdown(r)).toBe('### Slipway plan for `prod`\n\nRevision `4f2a9c1`\n\n**No changes.**\n');
  });

  describe('mixed, with drift', () => {
    let r: ReturnType<typeof report>;
    beforeAll(() => {
      const live = deployment([['3.2.0', 100]]);
      const recorded = deployment([['3.2.0', 100]], { endpoint: { path: '/v1/fraud' } });
      r = report(
        [
          want('Deployment', 'fraud', recorded),
          want('Deployment', 'scorer', {
            ...deployment([['1.0.0', 100]]),
            artifacts: { '1.0.0': { uri: 's3://m/1.0.0', digest: 'sha256:bb' } },
          }),
          want('DataSource', 'orders', source('a.orders')),
          want('ErrorPolicy', 'strict', { spec: { timeout: '300ms' } }),
        ],
        [
          {
            kind: 'Deployment',
            name: 'fraud',
            recorded: { body: recorded, hash: contentHash(recorded) },
            live: { body: live, hash: contentHash(live) },
          },
          have('Deployment', 'scorer', {
            ...deployment([['1.0.0', 100]]),
            artifacts: { '1.0.0': { uri: 's3://m/1.0.0', digest: 'sha256:aa' } },
          }),
          have('ErrorPolicy', 'strict', { spec: { timeout: '300ms' } }),
          have('AccessPolicy', 'old', { spec: { rules: [] } }),
        ],
      );
    });

    it('as text', () => {
      expect(text(r)).toBe(`Plan for prod from revision 4f2a9c1:

  + DataSource/orders
  ~ Deployment/fraud  (drift: changed outside slipway)
      + spec.endpoint: {"path":"/v1/fraud"}
  ~ Deployment/scorer
      artifacts["1.0.0"].digest: sha256:aa → sha256:bb
  - AccessPolicy/old

Plan: 1 to add, 2 to change, 1 to destroy. 1 drifted resource will be corrected.
`);
    });

    it('as markdown', () => {
      expect(formatPlanMarkdown(r)).toBe(`### Slipway plan for \`prod\`

Revision \`4f2a9c1\`

**1 to add, 2 to change, 1 to destroy** (1 drifted)

\`\`\`diff
+ DataSource/orders
! Deployment/fraud  (drift: changed outside slipway)
    + spec.endpoint: {"path":"/v1/fraud"}
! Deployment/scorer
    artifacts["1.0.0"].digest: sha256:aa → sha256:bb
- AccessPolicy/old
\`\`\`
`);
    });

    it('as JSON', () => {
      const json = JSON.parse(formatPlanJson(r)) as {
        summary: unknown;
        changes: Array<{ action: string; kind: string; name: string; drift?: string; diff: unknown[] }>;
      };
      expect(json.summary).toEqual({ add: 1, change: 2, destroy: 1, unchanged: 1, drift: 1 });
      expect(json.changes.map((c) => [c.action, `${c.kind}/${c.name}`, c.drift ?? null, c.diff.length])).toEqual([
        ['create', 'DataSource/orders', null, 0],
        ['update', 'Deployment/fraud', 'changed', 1],
        ['update', 'Deployment/scorer', null, 1],
        ['delete', 'AccessPolicy/old', null, 0],
      ]);
    });
  });

  it('drift: a resource missing from the target is created again, an unrecorded one deleted', () => {
    const body = source('a.tx');
    const snap = { body, hash: contentHash(body) };
    const changes = planChanges(
      [want('DataSource', 'tx', body)],
      [
        { kind: 'DataSource', name: 'tx', recorded: snap },
        { kind: 'DataSource', name: 'stray', live: snap },
      ],
    );
    expect(changes.map((c) => [c.action, c.name, c.drift])).toEqual([
      ['create', 'tx', 'missing'],
      ['delete', 'stray', 'unrecorded'],
    ]);
  });
});

describe('diffValues', () => {
  it('names every changed leaf with a dotted path', () => {
    expect(diffValues({ a: { b: [1, 2] }, c: 'x', 'd.e': 1 }, { a: { b: [1, 3, 4] }, c: 'x', 'd.e': 2 })).toEqual([
      { path: 'a.b[1]', before: 2, after: 3 },
      { path: 'a.b[2]', after: 4 },
      { path: '["d.e"]', before: 1, after: 2 },
    ]);
  });
});

describe('planChanges at scale', () => {
  it('is linear: 10,000 unchanged resources plan as no-ops', () => {
    const desired: DesiredResource[] = [];
    const actual: ActualResource[] = [];
    for (let i = 0; i < 10_000; i++) {
      const body = deployment([['1.0.0', 100]], { endpoint: { path: `/v1/d-${i}` } });
      desired.push(want('Deployment', `d-${i}`, body));
      actual.push(have('Deployment', `d-${i}`, body));
    }
    const changes = planChanges(desired, actual);
    expect(summarize(changes)).toEqual({ add: 0, change: 0, destroy: 0, unchanged: 10_000, drift: 0 });
  });
});
