import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ChangeRecord } from '../../src/state/store.js';
import { runCli } from '../support/cli.js';
import type { TestRepo } from '../support/config-repo.js';
import { promotionRepo } from '../support/gate-pr.js';
import { tempDir } from '../support/tree.js';
import { ctx } from '../support/values.js';

const applied = (version: string): ChangeRecord['after'] => ({
  spec: { model: 'fraud-detector', mode: 'realtime', traffic: [{ version, percent: 100 }] },
});

const context = (at: string, runId: string) =>
  ctx({ env: 'staging', revision: 'c'.repeat(40), actor: 'reconciler', at, runId });

describe('slipway gate --state: soak evidence comes from what was applied, not from when it merged', () => {
  let repo: TestRepo;
  let file: string;
  const argv = () => ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'json'];
  const now = new Date('2026-11-28T12:00:00Z');
  type Doc = {
    evidence: { soak: string };
    changes: Array<{ checks: Array<{ check: string; verdict: string; reason: string; evidence?: string }> }>;
  };
  beforeAll(async () => {
    // Merged to main on Nov 20, but only applied to staging on Nov 28 at 06:00.
    repo = promotionRepo();

    file = path.join(tempDir(), 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    await store.record(context('2026-11-01T11:00:00.000Z', 'run-1'), [
      {
        action: 'create',
        kind: 'Deployment',
        name: 'fraud-detector',
        after: applied('3.2.0'),
        hash: 'h1',
        changes: [],
      },
    ]);
    await store.record(context('2026-11-28T06:00:00.000Z', 'run-2'), [
      {
        action: 'update',
        kind: 'Deployment',
        name: 'fraud-detector',
        before: applied('3.2.0'),
        after: applied('3.3.0'),
        hash: 'h2',
        changes: [],
      },
    ]);
    await store.close();
  }, 120_000);

  it('from the state store: live in staging for 6h only, so not soaked', async () => {
    const fromState = JSON.parse((await runCli([...argv(), '--state', `sqlite:${file}`], { now })).stdout) as Doc;
    expect(fromState.evidence.soak).toBe(`state store ${file}`);
    expect(fromState.changes[0]!.checks[0]).toEqual({
      check: 'promotion-order',
      verdict: 'fail',
      reason:
        'live at 100% in staging/fraud-detector for 6h only; prod requires a soak of 24h (ready at 2026-11-29T06:00:00.000Z)',
      evidence: `state store ${file}`,
    });
  }, 120_000);

  it('from git: merged 8 days ago, so soaked', async () => {
    const fromGit = JSON.parse((await runCli(argv(), { now })).stdout) as Doc;
    expect(fromGit.changes[0]!.checks[0]).toMatchObject({
      verdict: 'pass',
      reason: 'live at 100% in staging/fraud-detector since 2026-11-20T10:00:00.000Z (8d 2h ≥ soak 24h)',
      evidence: 'git history of main',
    });
  }, 120_000);
});
