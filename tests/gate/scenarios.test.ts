import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/gate/run.js';
import type { Review } from '../../src/github/types.js';
import { runCli } from '../support/cli.js';
import { deployment, deploymentFile, initialFiles } from '../support/gate-repo.js';
import { TestRepo } from '../support/tree.js';

const NOW = new Date('2026-11-28T12:00:00Z');

/** main: 3.2.0 everywhere (Nov 1), 3.3.0 in dev (Nov 20) and staging at 100% (Nov 25). */
function history(): TestRepo {
  const repo = new TestRepo();
  repo.commit(initialFiles(), { date: '2026-11-01T10:00:00Z', message: 'initial' });
  repo.commit({ [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]) }, { date: '2026-11-20T10:00:00Z', message: 'dev 3.3.0' });
  repo.commit({ [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) }, { date: '2026-11-25T10:00:00Z', message: 'staging 3.3.0' });
  return repo;
}

function branch(repo: TestRepo, name: string, files: Parameters<TestRepo['commit']>[0], date = '2026-11-28T09:00:00Z'): string {
  repo.git('checkout', '-q', '-b', name);
  const sha = repo.commit(files, { date, message: name });
  repo.git('checkout', '-q', 'main');
  return sha;
}

const approve = (user: string, commitId: string, id: number, state: Review['state'] = 'APPROVED'): Review => ({ id, user, state, commitId, submittedAt: `2026-11-28T10:0${id % 10}:00Z` });

describe('slipway gate', () => {
  it('passes a clean promotion to prod with two lead approvals on the head commit', async () => {
    const repo = history();
    const head = branch(repo, 'promote', { [deploymentFile('prod')]: deployment('prod', [['3.2.0', 90], ['3.3.0', 10]]) });
    const { report } = await runGate({ dir: repo.dir, base: 'main', head: 'promote', now: NOW, reviews: { author: 'alice', headSha: head, reviews: [approve('carol', head, 1), approve('erin', head, 2)] } });
    expect(report.verdict).toBe('pass');
    expect(report.changes.map((c) => [c.change.type, c.change.env, c.summary])).toEqual([['promotion', 'prod', 'promotion of 3.3.0 (10%)']]);
    expect(report.changes[0]!.checks).toEqual([
      { check: 'promotion-order', verdict: 'pass', reason: 'live at 100% in staging/fraud-detector since 2026-11-25T10:00:00.000Z (3d 2h ≥ soak 24h)', evidence: 'git history of main' },
      { check: 'metrics', verdict: 'pass', reason: 'auc 0.925 ≥ 0.9, latency_p99_ms 44 ≤ 150', evidence: 'metrics of fraud-detector 3.3.0' },
      { check: 'consumers', verdict: 'pass', reason: '3.2.0, 3.3.0 satisfies checkout (^3.0.0)', evidence: 'consumers in prod' },
      { check: 'freeze', verdict: 'pass', reason: 'prod is not in a freeze window', evidence: 'clock 2026-11-28T12:00:00.000Z' },
      { check: 'requires', verdict: 'pass', reason: 'fraud-detector → realtime-strict (fallback previousVersion)', evidence: 'requires of prod' },
    ]);
    expect(report.checks).toEqual([
      { check: 'validation', verdict: 'pass', reason: 'promote is valid' },
      { check: 'approvals', verdict: 'pass', reason: 'needs 2 approvals from team:risk-ml-leads (prod, the strictest environment touched); has 2: carol, erin', evidence: `reviews of ${head.slice(0, 7)}` },
    ]);
  });

  it('prints the report and exits 1 while approvals are pending without GitHub', async () => {
    const repo = history();
    branch(repo, 'promote', { [deploymentFile('prod')]: deployment('prod', [['3.2.0', 90], ['3.3.0', 10]]) });
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote'], { now: NOW });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('… Pending: 1 check waiting (approvals); everything else passed across 1 change.');
    console.log(result.stdout);
  });
});
