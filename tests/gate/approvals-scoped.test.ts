import { describe, expect, it } from 'vitest';
import { runGate, type GateRequest } from '../../src/app/gate.js';
import type { CheckResult } from '../../src/gate/checks/types.js';
import { describeGate } from '../../src/format/gate-view.js';
import { runCli } from '../support/cli.js';
import { branch, approvals } from '../support/gate-pr.js';
import { deployment, deploymentFile, errorPolicy } from '../support/base-gate.js';
import { HEAD, gitRepo, writeRepo, type Files, type TestRepo } from '../support/config-repo.js';
import {
  accessPolicy,
  creditDeployment,
  creditFile,
  LEADS_APPROVE_THEIR_OWN,
  PROD_APPROVALS_FILE,
  twoTeamsRepo,
} from '../support/two-teams-gate.js';

const NOW = new Date('2026-11-28T12:00:00Z');

/** main: both models at 3.2.0 everywhere (Nov 1), then 3.3.0 in dev (Nov 20) and staging (Nov 25). */
function history(): TestRepo {
  return gitRepo(twoTeamsRepo(), {
    date: '2026-11-01T10:00:00Z',
    later: [
      {
        files: {
          [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]]),
          [creditFile('dev')]: creditDeployment('dev', [['3.3.0', 100]]),
        },
        date: '2026-11-20T10:00:00Z',
      },
      {
        files: {
          [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]),
          [creditFile('staging')]: creditDeployment('staging', [['3.3.0', 100]]),
        },
        date: '2026-11-25T10:00:00Z',
      },
    ],
  });
}

const canary: Array<[string, number]> = [
  ['3.2.0', 90],
  ['3.3.0', 10],
];
const promoteCredit: Files = { [creditFile('prod')]: creditDeployment('prod', canary) };
const promoteFraud: Files = { [deploymentFile('prod')]: deployment('prod', canary) };

async function gate(repo: TestRepo, head: string, extra: Partial<GateRequest> = {}) {
  const { report } = await runGate({ dir: repo.dir, base: 'main', head, now: NOW, ...extra });
  return { report, view: describeGate(report) };
}

const readConsumers = (repo: TestRepo): string => repo.git('show', 'main:environments/prod/consumers.yaml');

const approvalChecks = (checks: readonly CheckResult[]) => checks.filter((c) => c.check === 'approvals');

describe('approvals are scoped to the deployment they are for', () => {
  const repo = history();

  it('the fixture validates', async () => {
    const r = await runCli(['validate', '--repo', writeRepo(twoTeamsRepo())]);
    expect([r.code, r.stdout.trim().split('\n').at(-1)]).toEqual([0, '0 errors, 0 warnings in 22 files']);
  });

  it("does not count two leads of fraud-detector for credit-scorer's prod promotion: the walk-around", async () => {
    const head = branch(repo, 'promote-credit', promoteCredit);
    const { report, view } = await gate(repo, 'promote-credit', {
      reviews: { author: 'judy', headSha: head, commitLogins: ['judy'], reviews: approvals(head, 'carol', 'erin') },
    });
    expect(report.verdict).toBe('fail');
    expect(view.headline).toBe('Blocked: 1 of 8 checks failed (approvals) across 1 change.');
    expect(approvalChecks(report.checks)).toEqual([
      {
        check: 'approvals',
        verdict: 'fail',
        detail: {
          code: 'reviewed',
          need: {
            for: 'deployment',
            env: 'prod',
            deployment: 'credit-scorer',
            required: 2,
            from: ['team:risk-ml-leads', 'team:credit-leads'],
            rollbackOnly: false,
            scoped: true,
          },
          counted: [],
          ignored: [
            {
              login: 'carol',
              why: 'not-allowed',
              env: 'prod',
              resource: 'deployment:credit-scorer',
              denial: { effect: 'default-deny' },
            },
            {
              login: 'erin',
              why: 'not-allowed',
              env: 'prod',
              resource: 'deployment:credit-scorer',
              denial: { effect: 'default-deny' },
            },
          ],
        },
        evidence: { kind: 'reviews', headSha: head },
      },
    ]);
    expect(view.checks.find((c) => c.check === 'approvals')).toEqual({
      check: 'approvals',
      verdict: 'fail',
      reason:
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has none; not counted: carol (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it), erin (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it)',
      evidence: `reviews of ${head.slice(0, 7)}`,
    });

    const own = await gate(repo, 'promote-credit', {
      reviews: {
        author: 'judy',
        headSha: head,
        commitLogins: ['judy'],
        reviews: approvals(head, 'carol', 'lena', 'mike'),
      },
    });
    expect(own.report.verdict).toBe('pass');
    expect(own.view.checks.find((c) => c.check === 'approvals')?.reason).toBe(
      'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has 2: lena, mike; not counted: carol (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it)',
    );
  });

  it('judges each deployment a pull request promotes on its own approvals', async () => {
    const head = branch(repo, 'promote-both', { ...promoteCredit, ...promoteFraud });
    const judged = async (...users: string[]) =>
      approvalChecks(
        (
          await gate(repo, 'promote-both', {
            reviews: { author: 'alice', headSha: head, commitLogins: ['alice'], reviews: approvals(head, ...users) },
          })
        ).report.checks,
      ).map((c) => [
        c.detail.code === 'reviewed' && c.detail.need.for === 'deployment' && c.detail.need.deployment,
        c.verdict,
        c.detail.code === 'reviewed' && c.detail.counted,
      ]);
    // Within an environment, deployments in name order.
    expect(await judged('carol', 'erin')).toEqual([
      ['credit-scorer', 'fail', []],
      ['fraud-detector', 'pass', ['carol', 'erin']],
    ]);
    expect(await judged('carol', 'lena')).toEqual([
      ['credit-scorer', 'fail', ['lena']],
      ['fraud-detector', 'fail', ['carol']],
    ]);
    expect(await judged('carol', 'erin', 'lena', 'mike')).toEqual([
      ['credit-scorer', 'pass', ['lena', 'mike']],
      ['fraud-detector', 'pass', ['carol', 'erin']],
    ]);
  });

  it('names the deny rule that refuses an eligible lead', async () => {
    const rules = [
      ...LEADS_APPROVE_THEIR_OWN,
      '{effect: allow, subjects: [team:risk-ml-leads], actions: [approve], resources: ["deployment:*"]}',
      '{effect: deny, subjects: ["user:erin"], actions: [approve], resources: [deployment:credit-scorer]}',
    ];
    const scoped = gitRepo(
      { ...twoTeamsRepo(), [PROD_APPROVALS_FILE]: accessPolicy('approvals', rules) },
      { date: '2026-11-01T10:00:00Z' },
    );
    const head = branch(scoped, 'promote-credit', {
      [creditFile('prod')]: creditDeployment('prod', [['3.2.0', 100]]).replace('timeout: 250ms', 'timeout: 300ms'),
    });
    const { view } = await gate(scoped, 'promote-credit', {
      reviews: { author: 'judy', headSha: head, commitLogins: ['judy'], reviews: approvals(head, 'carol', 'erin') },
    });
    expect(view.checks.filter((c) => c.check === 'approvals')).toEqual([
      {
        check: 'approvals',
        verdict: 'fail',
        reason:
          'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has 1: carol; not counted: erin (may not approve deployment:credit-scorer in prod: denied by AccessPolicy approvals (environments/prod/approvals.yaml, rule 4))',
        evidence: `reviews of ${head.slice(0, 7)}`,
      },
    ]);
  });

  it('reaches the deployments an error policy change affects, and judges the rest per environment', async () => {
    const head = branch(repo, 'policy-and-error-policy', {
      'environments/prod/error-policies.yaml': errorPolicy().replace('timeout: 100ms', 'timeout: 90ms'),
      [PROD_APPROVALS_FILE]: accessPolicy('approvals', [
        ...LEADS_APPROVE_THEIR_OWN,
        LEADS_APPROVE_THEIR_OWN[0]!.replace('approve', 'promote'),
      ]),
    });
    const { view } = await gate(repo, 'policy-and-error-policy', {
      reviews: {
        author: 'alice',
        headSha: head,
        commitLogins: ['alice'],
        reviews: approvals(head, 'carol', 'erin', 'dave'),
      },
    });
    expect(
      view.checks.filter((c) => c.check !== 'reviewed-revision').map((c) => [c.check, c.verdict, c.reason]),
    ).toEqual([
      ['validation', 'pass', 'policy-and-error-policy is valid'],
      [
        'approvals',
        'pass',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod (AccessPolicy/approvals); has 2: carol, erin; not counted: dave (not in team:risk-ml-leads, team:credit-leads)',
      ],
      [
        'approvals',
        'fail',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has none; not counted: carol (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it), erin (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it), dave (not in team:risk-ml-leads, team:credit-leads)',
      ],
      [
        'approvals',
        'pass',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/fraud-detector, each allowed approve on deployment:fraud-detector in prod; has 2: carol, erin; not counted: dave (not in team:risk-ml-leads, team:credit-leads)',
      ],
      [
        'policy-approvals',
        'pass',
        'needs 1 approval from team:platform for the policy change; has 1: dave; not counted: carol (not in team:platform), erin (not in team:platform)',
      ],
    ]);
  });

  it('reaches the deployments a consumer uses, and matches logins without regard to case', async () => {
    const head = branch(repo, 'consumer', {
      'environments/prod/consumers.yaml': readConsumers(repo).replace('^3.0.0', '^3.2.0'),
    });
    const { report, view } = await gate(repo, 'consumer', {
      reviews: { author: 'judy', headSha: head, commitLogins: ['judy'], reviews: approvals(head, 'Carol', 'ERIN') },
    });
    expect(report.changes.map((c) => [c.change.type, c.change.env])).toEqual([['consumer-change', 'prod']]);
    expect(view.checks.filter((c) => c.check === 'approvals').map((c) => [c.verdict, c.reason])).toEqual([
      [
        'pass',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/fraud-detector, each allowed approve on deployment:fraud-detector in prod; has 2: Carol, ERIN',
      ],
    ]);
  });

  it('reaches the deployments that read a data source', async () => {
    const source = (table: string): string =>
      `${HEAD}kind: DataSource\nmetadata: {name: features}\nspec:\n  type: warehouse\n  engine: postgres\n  location: {table: ${table}}\n  owner: team:data-eng\n  classification: internal\n`;
    const reads = gitRepo(
      {
        ...twoTeamsRepo(),
        'environments/prod/data.yaml': source('analytics.features'),
        [creditFile('prod')]: creditDeployment('prod', [['3.2.0', 100]]) + '  inputs: [features]\n',
      },
      { date: '2026-11-01T10:00:00Z' },
    );
    const head = branch(reads, 'move-table', { 'environments/prod/data.yaml': source('analytics.features_v2') });
    const { report, view } = await gate(reads, 'move-table', {
      reviews: { author: 'frank', headSha: head, commitLogins: ['frank'], reviews: approvals(head, 'carol', 'lena') },
    });
    expect(report.changes.map((c) => c.change.type)).toEqual(['data-source-change']);
    expect(view.checks.filter((c) => c.check === 'approvals').map((c) => [c.verdict, c.reason])).toEqual([
      [
        'fail',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer, each allowed approve on deployment:credit-scorer in prod; has 1: lena; not counted: carol (may not approve deployment:credit-scorer in prod: no AccessPolicy rule allows it)',
      ],
    ]);
  });

  it('counts anyone in `from` where no AccessPolicy of the environment mentions approve (open), and says none are needed where none are', async () => {
    const open = gitRepo({ ...twoTeamsRepo(), [PROD_APPROVALS_FILE]: null }, { date: '2026-11-01T10:00:00Z' });
    const head = branch(open, 'tweak', {
      [creditFile('prod')]: creditDeployment('prod', [['3.2.0', 100]]).replace('timeout: 250ms', 'timeout: 300ms'),
      [creditFile('dev')]: creditDeployment('dev', [['3.2.0', 100]]).replace('timeout: 250ms', 'timeout: 300ms'),
    });
    const { report, view } = await gate(open, 'tweak', {
      reviews: { author: 'judy', headSha: head, commitLogins: ['judy'], reviews: approvals(head, 'carol', 'erin') },
    });
    expect([...view.checks, ...view.changes.flatMap((c) => c.checks)].filter((c) => c.verdict !== 'pass')).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(view.checks.filter((c) => c.check === 'approvals').map((c) => [c.verdict, c.reason])).toEqual([
      ['pass', 'dev requires no approvals'],
      [
        'pass',
        'needs 2 approvals from team:risk-ml-leads, team:credit-leads for prod/credit-scorer; has 2: carol, erin',
      ],
    ]);
  });
});
