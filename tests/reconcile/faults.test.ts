import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/apply/apply.js';
import { observeActual } from '../../src/plan/observe.js';
import type { EffectiveChange } from '../../src/model/change.js';
import { effective, planChanges } from '../../src/plan/plan.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ResourceBody } from '../../src/model/resource.js';
import { contentHash } from '../../src/model/canonical.js';
import type { DesiredResource } from '../../src/world/desired.js';
import { MemoryTarget } from '../support/memory-target.js';
import { tempDir } from '../support/tree.js';
import { ctx } from '../support/values.js';

const context = ctx({ revision: 'c'.repeat(40), actor: 'ci', at: '2026-11-28T12:00:00.000Z', runId: 'r1' });
const desired = (names: string[]): DesiredResource[] =>
  names.map((name) => {
    const body: ResourceBody = {
      spec: { model: 'm', mode: 'realtime', traffic: [{ version: '1.0.0', percent: 100 }] },
    };
    return { kind: 'Deployment', name, file: 'x.yaml', body, hash: contentHash(body) };
  });
const sleeps: number[] = [];
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms);
};

async function setup(target: MemoryTarget, names: string[]) {
  const store = await openSqliteStore(path.join(tempDir(), 'state.db'), { display: 'state.db' });
  const changes = effective(planChanges(desired(names), await observeActual(store, target, 'prod')));
  return { store, changes };
}
const keys = (cs: readonly EffectiveChange[]): string[] => cs.map((c) => `${c.kind}/${c.name}`);

describe('apply against a faulty target', () => {
  it('retries transient failures with capped, jittered backoff, then succeeds', async () => {
    const target = new MemoryTarget().failTimes('Deployment/b', 3);
    const { store, changes } = await setup(target, ['a', 'b', 'c']);
    sleeps.length = 0;
    const retries: number[] = [];
    const result = await applyChanges({
      store,
      target,
      context,
      changes,
      sleep,
      retry: { attempts: 5, initialMs: 100, maxMs: 250, multiplier: 2 },
      onRetry: (_c, n) => retries.push(n),
    });
    expect(result.status).toBe('applied');
    expect(target.attempts).toEqual([
      'Deployment/a',
      'Deployment/b',
      'Deployment/b',
      'Deployment/b',
      'Deployment/b',
      'Deployment/c',
    ]);
    expect(retries).toEqual([1, 2, 3]);
    expect(sleeps).toHaveLength(3);
    // Full jitter: each wait is at most its capped exponential delay (100, 200, then capped at 250).
    sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual([100, 200, 250][i]!));
    expect((await store.resources('prod')).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    await store.close();
  });

  it('gives up on a transient failure after the bounded number of attempts', async () => {
    const target = new MemoryTarget().failTimes('Deployment/a', 10);
    const { store, changes } = await setup(target, ['a']);
    const result = await applyChanges({
      store,
      target,
      context,
      changes,
      sleep,
      retry: { attempts: 3, initialMs: 1, maxMs: 1, multiplier: 2 },
    });
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(result.failed).toMatchObject({
      message: 'Deployment/a: 503 service unavailable',
      attempts: 3,
      transient: true,
    });
    expect(await store.resources('prod')).toEqual([]);
    await store.close();
  });

  it('stops at a permanent failure, keeps what was applied, and reports applied / failed / pending exactly', async () => {
    const target = new MemoryTarget().failAlways('Deployment/c');
    const { store, changes } = await setup(target, ['a', 'b', 'c', 'd', 'e']);
    const result = await applyChanges({ store, target, context, changes, sleep });
    expect(result.status).toBe('failed');
    if (result.status !== 'failed') return;
    expect(keys(result.applied)).toEqual(['Deployment/a', 'Deployment/b']);
    expect(result.failed).toMatchObject({
      change: { name: 'c' },
      message: 'Deployment/c rejected: quota exceeded',
      attempts: 1,
      transient: false,
    });
    expect(keys(result.pending)).toEqual(['Deployment/d', 'Deployment/e']);
    expect(target.attempts).toEqual(['Deployment/a', 'Deployment/b', 'Deployment/c']);
    expect((await store.resources('prod')).map((r) => r.name)).toEqual(['a', 'b']);
    expect((await store.history('prod')).map((h) => h.name)).toEqual(['b', 'a']);

    // Once the cause is gone, the next plan holds exactly what is left.
    const next = effective(
      planChanges(
        desired(['a', 'b', 'c', 'd', 'e']),
        await observeActual(store, new MemoryTarget(), 'prod').then((a) => a.map((x) => ({ ...x, live: x.recorded }))),
      ),
    );
    expect(keys(next)).toEqual(['Deployment/c', 'Deployment/d', 'Deployment/e']);
    await store.close();
  });

  it('records changes applied by a slow target in several transactions', async () => {
    const target = new MemoryTarget(2);
    const { store, changes } = await setup(target, ['a', 'b', 'c', 'd']);
    const progress: number[] = [];
    const result = await applyChanges({
      store,
      target,
      context,
      changes,
      sleep,
      batchSize: 2,
      onRecorded: (done) => void progress.push(done),
    });
    expect(result.status).toBe('applied');
    // Never more than the batch size per transaction (a slow target may flush sooner).
    expect(progress.at(-1)).toBe(4);
    progress.forEach((done, i) => expect(done - (progress[i - 1] ?? 0)).toBeLessThanOrEqual(2));
    await store.close();
  });

  it('detects drift on the target and corrects it', async () => {
    const target = new MemoryTarget();
    const { store, changes } = await setup(target, ['a']);
    await applyChanges({ store, target, context, changes, sleep });
    const live = target.live.get('Deployment/a')!;
    const edited: ResourceBody = { spec: { ...(live.body.spec as object), mode: 'batch' } };
    target.live.set('Deployment/a', { ...live, body: edited, hash: contentHash(edited) });
    const plan = effective(planChanges(desired(['a']), await observeActual(store, target, 'prod')));
    expect(plan.map((c) => [c.action, c.drift, c.diff])).toEqual([
      ['update', 'changed', [{ path: 'spec.mode', before: 'batch', after: 'realtime' }]],
    ]);
    await applyChanges({ store, target, context, changes: plan, sleep });
    expect(target.live.get('Deployment/a')!.hash).toBe(live.hash);
    expect(effective(planChanges(desired(['a']), await observeActual(store, target, 'prod')))).toEqual([]);
    expect((await store.history('prod'))[0]).toMatchObject({ action: 'update', drift: true });
    await store.close();
  });
});
