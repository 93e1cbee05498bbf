import { describe, expect, it } from 'vitest';
import { runGate, type GateRequest } from '../../src/app/gate.js';
import { describeGate } from '../../src/format/gate-view.js';
import { runCli } from '../support/cli.js';
import { approvals, branch } from '../support/gate-pr.js';
import { DEFAULT_VERSIONS, gateRepo, model, type ModelVersionOptions } from '../support/base-gate.js';
import { gitRepo, type Files, type TestRepo } from '../support/config-repo.js';
import { accessPolicy } from '../support/two-teams-gate.js';
import { digest } from '../support/values.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const MODEL = 'models/fraud-detector/model.yaml';

/** fraud-detector with 3.6.0 a candidate, and each version's status as `statuses` says. */
const registry = (statuses: Record<string, string> = {}, extra: ModelVersionOptions[] = []): string =>
  model(
    [...DEFAULT_VERSIONS, { version: '3.6.0', status: 'candidate', digest: digest('07') }, ...extra].map((v) =>
      statuses[v.version] ? { ...v, status: statuses[v.version] } : v,
    ),
  );

function repoWith(files: Files = {}): TestRepo {
  return gitRepo({ ...gateRepo(), [MODEL]: registry(), ...files }, { date: '2026-11-01T10:00:00Z' });
}

async function gate(repo: TestRepo, head: string, extra: Partial<GateRequest> = {}) {
  const { report } = await runGate({ dir: repo.dir, base: 'main', head, now: NOW, ...extra });
  return { report, view: describeGate(report) };
}

const LEADS_APPROVE_DEPLOYMENT =
  '{effect: allow, subjects: [team:risk-ml-leads], actions: [approve], resources: [deployment:fraud-detector]}';

const PENDING = 'reviews unknown without GitHub (run with --github in a pull request)';

describe('approving a model version is a promotion', () => {
  const repo = repoWith();
  const approve = branch(repo, 'approve', { [MODEL]: registry({ '3.6.0': 'approved' }) });

  it('needs an approval from the model owners, pending without reviews', async () => {
    const { report, view } = await gate(repo, 'approve');
    expect(report.verdict).toBe('pending');
    expect(view.changes.map((c) => [c.change.type, c.summary, c.from, c.to, c.checks])).toEqual([
      ['model-updated', 'model changed: versions[3.6.0].status', 'candidate', 'approved', []],
    ]);
    expect(report.changes[0]!.change).toMatchObject({
      statuses: [{ version: '3.6.0', from: 'candidate', to: 'approved' }],
    });
    expect(view.checks).toEqual([
      { check: 'validation', verdict: 'pass', reason: 'approve is valid' },
      {
        check: 'version-approvals',
        verdict: 'pending',
        reason: `needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); ${PENDING}`,
      },
    ]);
  });

  it('prints it with the reasons aligned past the longer check id, exit 1', async () => {
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'approve'], { now: NOW });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').slice(-4)).toEqual([
      'pull request',
      '    ✓ validation        approve is valid',
      `    … version-approvals needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); ${PENDING}`,
      '',
    ]);
  });

  it("does not count a reviewer who is not an owner, nor the author's own approval", async () => {
    const { report, view } = await gate(repo, 'approve', {
      reviews: {
        author: 'alice',
        headSha: approve,
        commitLogins: ['alice'],
        reviews: approvals(approve, 'alice', 'carol', 'dave'),
      },
    });
    expect(report.verdict).toBe('fail');
    expect(view.headline).toBe('Blocked: 1 of 3 checks failed (version-approvals) across 1 change.');
    expect(report.checks[2]).toEqual({
      check: 'version-approvals',
      verdict: 'fail',
      detail: {
        code: 'reviewed',
        need: {
          for: 'versions',
          model: 'fraud-detector',
          owners: ['team:risk-ml'],
          envs: [],
          versions: [{ version: '3.6.0', from: 'candidate', to: 'approved' }],
        },
        counted: [],
        ignored: [
          { login: 'alice', why: 'author' },
          { login: 'carol', why: 'not-eligible' },
          { login: 'dave', why: 'not-eligible' },
        ],
      },
      evidence: { kind: 'reviews', headSha: approve },
    });
    expect(view.checks[2]!.reason).toBe(
      'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); has none; not counted: alice (author), carol (not an owner of fraud-detector), dave (not an owner of fraud-detector)',
    );
  });

  it('passes with an owner’s approval', async () => {
    const { report, view } = await gate(repo, 'approve', {
      reviews: { author: 'alice', headSha: approve, commitLogins: ['alice'], reviews: approvals(approve, 'bob') },
    });
    expect(report.verdict).toBe('pass');
    expect(view.checks[2]!.reason).toBe(
      'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); has 1: bob',
    );
  });

  it('reads the owners from the base: a pull request that makes itself the owner gains nothing', async () => {
    const sha = branch(repo, 'take-over', {
      [MODEL]: registry({ '3.6.0': 'approved' }).replace('owners: [team:risk-ml]', 'owners: [team:data-eng]'),
    });
    const { report, view } = await gate(repo, 'take-over', {
      reviews: { author: 'gina', headSha: sha, commitLogins: ['gina'], reviews: approvals(sha, 'frank') },
    });
    expect(report.verdict).toBe('fail');
    expect(view.checks[2]!.reason).toBe(
      'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml); has none; not counted: frank (not an owner of fraud-detector)',
    );
  });

  it('treats candidate → deprecated as a release (a deprecated version may serve traffic)', async () => {
    branch(repo, 'deprecate-candidate', { [MODEL]: registry({ '3.6.0': 'deprecated' }) });
    const { view } = await gate(repo, 'deprecate-candidate');
    expect(view.checks.map((c) => [c.check, c.verdict, c.reason])).toEqual([
      ['validation', 'pass', 'deprecate-candidate is valid'],
      [
        'version-approvals',
        'pending',
        `needs 1 approval to release fraud-detector 3.6.0 (candidate → deprecated), from an owner (team:risk-ml); ${PENDING}`,
      ],
    ]);
  });

  it('needs no approval to stop a version: approved → deprecated or revoked, candidate → revoked', async () => {
    branch(repo, 'stop', { [MODEL]: registry({ '3.5.0': 'deprecated', '3.4.0': 'revoked', '3.6.0': 'revoked' }) });
    const { report, view } = await gate(repo, 'stop');
    expect(report.verdict).toBe('pass');
    expect(report.changes[0]!.change).toMatchObject({
      statuses: [
        { version: '3.4.0', from: 'approved', to: 'revoked' },
        { version: '3.5.0', from: 'approved', to: 'deprecated' },
        { version: '3.6.0', from: 'candidate', to: 'revoked' },
      ],
    });
    expect(view.checks.map((c) => c.check)).toEqual(['validation']);
  });
});

describe('a version is a candidate before it is released', () => {
  it('refuses a version added as approved (version-lifecycle), and still asks its owners', async () => {
    const repo = repoWith();
    branch(repo, 'add-approved', {
      [MODEL]: registry({}, [{ version: '3.7.0', status: 'approved', digest: digest('08') }]),
    });
    const { report, view } = await gate(repo, 'add-approved');
    expect(report.verdict).toBe('fail');
    expect(view.changes.map((c) => [c.change.type, c.summary, c.verdict, c.checks])).toEqual([
      [
        'model-version-added',
        'version 3.7.0 added (approved)',
        'fail',
        [
          {
            check: 'version-lifecycle',
            verdict: 'fail',
            reason:
              'fraud-detector 3.7.0 is added as approved without having been a candidate; add it as a candidate first, then set status: approved in a later pull request, which its owners approve',
            evidence: 'base and head model registries',
          },
        ],
      ],
    ]);
    expect(view.checks[1]).toEqual({
      check: 'version-approvals',
      verdict: 'pending',
      reason: `needs 1 approval to release fraud-detector 3.7.0 (added as approved), from an owner (team:risk-ml); ${PENDING}`,
    });
  });

  it('lets a candidate be added with no check, and then released', async () => {
    const repo = repoWith();
    branch(repo, 'add-candidate', {
      [MODEL]: registry({}, [{ version: '3.7.0', status: 'candidate', digest: digest('08') }]),
    });
    const { report, view } = await gate(repo, 'add-candidate');
    expect(report.verdict).toBe('pass');
    expect(view.changes.map((c) => [c.summary, c.checks])).toEqual([['version 3.7.0 added (candidate)', []]]);
    expect(view.checks.map((c) => c.check)).toEqual(['validation']);
  });

  it('refuses a new model whose versions are already approved: nobody in the base owns it', async () => {
    const repo = repoWith();
    const scorer = model([{ version: '1.0.0', digest: digest('0a') }]).replace(/fraud-detector/g, 'scorer');
    const sha = branch(repo, 'new-model', { 'models/scorer/model.yaml': scorer });
    const { report, view } = await gate(repo, 'new-model', {
      reviews: { author: 'carol', headSha: sha, commitLogins: ['carol'], reviews: approvals(sha, 'alice') },
    });
    expect(report.verdict).toBe('fail');
    expect(view.changes.flatMap((c) => c.checks.map((k) => [k.check, k.verdict]))).toEqual([
      ['version-lifecycle', 'fail'],
    ]);
    expect(view.checks[2]!.reason).toBe(
      'needs 1 approval to release scorer 1.0.0 (added as approved), from an owner (scorer has none in the base revision); has none; not counted: alice (not an owner of scorer)',
    );
  });
});

describe("an owner needs `approve` on the model where an environment's AccessPolicies say who may", () => {
  const rules = {
    // prod: the owners may approve their model, bob may not approve any model.
    'environments/prod/approvals.yaml': accessPolicy('approvals', [
      '{effect: allow, subjects: [team:risk-ml], actions: [approve], resources: [model:fraud-detector]}',
      '{effect: deny, subjects: [user:bob], actions: [approve], resources: ["model:*"]}',
      LEADS_APPROVE_DEPLOYMENT,
    ]),
    // staging's approve rule reaches no model: it does not take part.
    'environments/staging/approvals.yaml': accessPolicy('approvals', [
      '{effect: allow, subjects: [team:risk-ml], actions: [approve], resources: ["deployment:*"]}',
    ]),
  };

  it('counts an owner allowed in every environment whose approve rules reach the model, names the deny rule for another', async () => {
    const repo = repoWith(rules);
    const sha = branch(repo, 'approve', { [MODEL]: registry({ '3.6.0': 'approved' }) });
    const refused = await gate(repo, 'approve', {
      reviews: { author: 'frank', headSha: sha, commitLogins: ['frank'], reviews: approvals(sha, 'bob') },
    });
    expect(refused.report.verdict).toBe('fail');
    expect(refused.view.checks[2]!.reason).toBe(
      'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml) allowed approve on model:fraud-detector in prod; has none; not counted: bob (may not approve model:fraud-detector in prod: denied by AccessPolicy approvals (environments/prod/approvals.yaml, rule 2))',
    );
    const passed = await gate(repo, 'approve', {
      reviews: { author: 'frank', headSha: sha, commitLogins: ['frank'], reviews: approvals(sha, 'bob', 'alice') },
    });
    expect(passed.report.verdict).toBe('pass');
  });

  it('fails when the rules grant approve on the model only to people who do not own it', async () => {
    const repo = repoWith({
      'environments/prod/approvals.yaml': accessPolicy('approvals', [
        '{effect: allow, subjects: [team:risk-ml-leads], actions: [approve], resources: [model:fraud-detector]}',
        LEADS_APPROVE_DEPLOYMENT,
      ]),
    });
    const sha = branch(repo, 'approve', { [MODEL]: registry({ '3.6.0': 'approved' }) });
    const { view } = await gate(repo, 'approve', {
      reviews: { author: 'frank', headSha: sha, commitLogins: ['frank'], reviews: approvals(sha, 'alice', 'carol') },
    });
    // validate says so too, on every revision: this is the head's finding.
    expect(view.diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([
      [
        'owners-not-allowed',
        MODEL,
        5,
        'no owner of `fraud-detector` (`team:risk-ml`) may `approve` `model:fraud-detector` in `prod`, where an `approve` rule reaches it, so none of its versions can be released',
      ],
    ]);
    expect(view.checks[2]).toMatchObject({
      verdict: 'fail',
      reason:
        'needs 1 approval to release fraud-detector 3.6.0 (candidate → approved), from an owner (team:risk-ml) allowed approve on model:fraud-detector in prod; has none; not counted: alice (may not approve model:fraud-detector in prod: no AccessPolicy rule allows it), carol (not an owner of fraud-detector)',
    });
  });
});
