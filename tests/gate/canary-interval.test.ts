import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { ChangeRecord } from '../../src/state/store.js';
import { tamperSqlite } from '../support/applied.js';
import { runCli } from '../support/cli.js';
import { deployment, deploymentFile, environment, gateRepo } from '../support/base-gate.js';
import { gitRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';
import { ctx } from '../support/values.js';

const split = (traffic: Array<[string, number]>): ChangeRecord['after'] => ({
  spec: {
    model: 'fraud-detector',
    mode: 'realtime',
    traffic: traffic.map(([version, percent]) => ({ version, percent })),
  },
});

describe('slipway gate --state: the time between canary steps is what ran, not what merged', () => {
  it('fails a step of a canary the store never applied, and passes once it has run long enough', async () => {
    const prod = environment('prod').replace('    soak: 24h\n', '    soak: 24h\n    canary: {minStepInterval: 1h}\n');
    // Merged on Nov 20: 3.3.0 everywhere before prod, and prod's first canary at 10%.
    const repo = gitRepo(
      { ...gateRepo(), 'environments/prod/environment.yaml': prod },
      {
        date: '2026-11-01T10:00:00Z',
        later: [
          {
            files: {
              [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]),
              [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]),
              [deploymentFile('prod')]: deployment('prod', [
                ['3.2.0', 90],
                ['3.3.0', 10],
              ]),
            },
            date: '2026-11-20T10:00:00Z',
          },
        ],
      },
    );
    repo.git('checkout', '-q', '-b', 'step');
    repo.commit({
      [deploymentFile('prod')]: deployment('prod', [
        ['3.2.0', 50],
        ['3.3.0', 50],
      ]),
    });
    const file = path.join(tempDir(), 'state.db');
    const store = await openSqliteStore(file, { display: 'state.db' });
    const record = async (env: string, at: string, runId: string, after: ChangeRecord['after']) =>
      store.record(ctx({ env, revision: 'c'.repeat(40), actor: 'reconciler', at, runId }), [
        { action: 'create', kind: 'Deployment', name: 'fraud-detector', after, hash: runId, changes: [] },
      ]);
    await record('staging', '2026-11-20T11:00:00.000Z', 'run-1', split([['3.3.0', 100]]));
    await record('prod', '2026-11-01T11:00:00.000Z', 'run-2', split([['3.2.0', 100]]));
    await store.close();

    const argv = ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'step', '--format', 'json'];
    type Doc = {
      verdict: string;
      changes: Array<{ checks: Array<{ check: string; verdict: string; reason: string }> }>;
    };
    const now = new Date('2026-11-28T12:00:00Z');
    const never = await runCli([...argv, '--state', `sqlite:${file}`], { now });
    const doc = JSON.parse(never.stdout) as Doc;
    expect(doc.changes[0]!.checks.find((c) => c.check === 'canary-interval')).toEqual({
      check: 'canary-interval',
      verdict: 'fail',
      reason:
        '3.3.0 has no share of prod/fraud-detector yet: its canary must run for 1h before the next step (promotion.canary.minStepInterval)',
      evidence: `state store ${file}`,
    });
    expect(doc.verdict).toBe('fail');
    expect(never.code).toBe(1);

    // Applied at 11:30: half an hour later it is too soon; from 12:30 it may step.
    const again = await openSqliteStore(file, { display: 'state.db' });
    await again.record(
      ctx({
        env: 'prod',
        revision: 'd'.repeat(40),
        actor: 'reconciler',
        at: '2026-11-28T11:30:00.000Z',
        runId: 'run-3',
      }),
      [
        {
          action: 'update',
          kind: 'Deployment',
          name: 'fraud-detector',
          before: split([['3.2.0', 100]]),
          after: split([
            ['3.2.0', 90],
            ['3.3.0', 10],
          ]),
          hash: 'h3',
          changes: [],
        },
      ],
    );
    await again.close();
    const soon = JSON.parse((await runCli([...argv, '--state', `sqlite:${file}`], { now })).stdout) as Doc;
    expect(soon.changes[0]!.checks.find((c) => c.check === 'canary-interval')?.reason).toBe(
      'prod/fraud-detector has run its current split for 30m only; prod requires 1h between canary steps (ready at 2026-11-28T12:30:00.000Z)',
    );
    const ready = JSON.parse(
      (await runCli([...argv, '--state', `sqlite:${file}`], { now: new Date('2026-11-28T12:30:00Z') })).stdout,
    ) as Doc;
    expect(ready.changes[0]!.checks.find((c) => c.check === 'canary-interval')?.verdict).toBe('pass');

    // Walk-around: backdate the canary's apply in the store; the broken chain refuses the evidence.
    tamperSqlite(file, "UPDATE audit SET at = '2026-11-20T11:30:00.000Z' WHERE id = 3");
    const forged = JSON.parse((await runCli([...argv, '--state', `sqlite:${file}`], { now })).stdout) as Doc;
    expect(forged.changes[0]!.checks.find((c) => c.check === 'canary-interval')).toEqual({
      check: 'canary-interval',
      verdict: 'fail',
      reason: `the audit log of ${file} fails verification at row #3 (in prod: row #3 was changed after it was written); how long the split has run is not known (see slipway history --env prod --verify)`,
      evidence: `state store ${file}`,
    });
  }, 120_000);
});
