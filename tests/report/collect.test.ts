import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { collectOperatorReport } from '../../src/status/report.js';
import { validateTree } from '../../src/validate/index.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo } from '../support/config-repo.js';

describe('collectOperatorReport over a real SQLite store', () => {
  it('reads what status reads, plus the audit log, after real applies', async () => {
    const repo = new TestRepo();
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { GITHUB_ACTOR: 'alice' } });
    const first = repo.commit(reconcileRepo());
    expect((await cli('apply', '--env', 'dev,prod', '--yes')).code).toBe(0);
    // 2.0.0 reaches dev only: pending for prod.
    const dev = 'environments/dev/deployments-0.yaml';
    const second = repo.commit({ [dev]: reconcileRepo({ traffic: [{ version: '2.0.0', percent: 100 }] })[dev]! });
    expect((await cli('apply', '--env', 'dev', '--yes')).code).toBe(0);

    const { config } = validateTree(await loadTree(fsTree(repo.dir)));
    const store = await openSqliteStore(path.join(repo.dir, '.slipway/state.db'), { display: 'state.db' });
    try {
      const report = await collectOperatorReport(store, config, { generatedAt: '2026-11-28T12:00:00.000Z' });
      expect(report.environments.map((e) => [e.name, e.lastApply?.revision, e.lastApply?.actor, e.lock])).toEqual([
        ['dev', second, 'alice', null],
        ['prod', first, 'alice', null],
      ]);
      const d0 = report.rows.find((r) => r.deployment === 'd-0')!;
      expect(d0.cells.map((c) => [c.env, c.live, c.sync])).toEqual([
        ['dev', [{ version: '2.0.0', percent: 100, status: 'approved' }], 'synced'],
        ['prod', [{ version: '1.0.0', percent: 100, status: 'approved' }], 'synced'],
      ]);
      expect(report.pending).toEqual([
        { deployment: 'd-0', model: 'm', version: '2.0.0', from: 'dev', to: 'prod', percent: 100, status: 'approved' },
      ]);
      expect(report.timeline[0]).toMatchObject({
        env: 'dev',
        operator: 'alice',
        revision: second,
        action: 'update',
        kind: 'Deployment',
        name: 'd-0',
        traffic: { before: [{ version: '1.0.0', percent: 100 }], after: [{ version: '2.0.0', percent: 100 }] },
      });
      expect(report.timeline.filter((e) => e.revision === first).length).toBe(14);
    } finally {
      await store.close();
    }
  });

  it('shows the last recorded `data verify` result of each data source', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { GITHUB_ACTOR: 'alice' } });
    expect((await cli('apply', '--env', 'dev', '--yes')).code).toBe(0);
    const { config } = validateTree(await loadTree(fsTree(repo.dir)));
    const store = await openSqliteStore(path.join(repo.dir, '.slipway/state.db'), { display: 'state.db' });
    try {
      const summary = { passed: 3, failed: 1, errors: 0, skipped: 0 };
      await store.recordVerification({
        env: 'dev',
        at: '2026-11-28T11:00:00.000Z',
        revision: 'a'.repeat(40),
        dirty: false,
        runId: 'v1',
        sources: [{ source: 'events', engine: 'postgres', status: 'fail', summary }],
      });
      const report = await collectOperatorReport(store, config, { generatedAt: '2026-11-28T12:00:00.000Z' });
      expect(report.data).toEqual([
        { env: 'dev', dataSource: 'events', at: '2026-11-28T11:00:00.000Z', outcome: 'failed', checks: [] },
      ]);
    } finally {
      await store.close();
    }
  });
});
