import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGate, type GateRequest } from '../../src/app/gate.js';
import { formatGateMarkdown } from '../../src/format/gate-markdown.js';
import { describeGate, type CheckView } from '../../src/format/gate-view.js';
import { runCli } from '../support/cli.js';
import { branch, review } from '../support/gate-pr.js';
import {
  deployment,
  deploymentFile,
  environment,
  errorPolicy,
  gateRepo,
  model,
  DEFAULT_VERSIONS,
} from '../support/base-gate.js';
import { gitRepo, type Files, type TestRepo } from '../support/config-repo.js';
import { digest } from '../support/values.js';

const NOW = new Date('2026-11-28T12:00:00Z');

interface HistoryOptions {
  /** Version moved to 100% in dev (Nov 20) and staging (Nov 25 10:00). */
  staged?: string;
  /** Consumer range in dev and staging. */
  range?: string;
}

/** main: 3.2.0 everywhere (Nov 1), then the staged version in dev (Nov 20) and staging at 100% (Nov 25). */
function history(options: HistoryOptions = {}): TestRepo {
  const staged = options.staged ?? '3.3.0';
  return gitRepo(gateRepo([['3.2.0', 100]], options.range ? { range: options.range } : {}), {
    date: '2026-11-01T10:00:00Z',
    message: 'initial',
    later: [
      {
        files: { [deploymentFile('dev')]: deployment('dev', [[staged, 100]]) },
        date: '2026-11-20T10:00:00Z',
        message: `dev ${staged}`,
      },
      {
        files: { [deploymentFile('staging')]: deployment('staging', [[staged, 100]]) },
        date: '2026-11-25T10:00:00Z',
        message: `staging ${staged}`,
      },
    ],
  });
}

const promoteProd = (
  traffic: Array<[string, number]> = [
    ['3.2.0', 90],
    ['3.3.0', 10],
  ],
): Files => ({ [deploymentFile('prod')]: deployment('prod', traffic) });

async function gate(repo: TestRepo, head: string, extra: Partial<GateRequest> = {}) {
  return describeGate((await runGate({ dir: repo.dir, base: 'main', head, now: NOW, ...extra })).report);
}

/** One shared history for the scenarios that start from it: each works on its own branch. */
let shared: TestRepo | undefined;
function sharedHistory(): TestRepo {
  return (shared ??= history());
}

const checkOf = (checks: readonly CheckView[], id: string): CheckView | undefined => checks.find((c) => c.check === id);

describe('slipway gate: a promotion to prod', () => {
  const repo = sharedHistory();
  const head = branch(repo, 'promote', promoteProd());

  describe('passes with two lead approvals on the head commit, each check saying why', () => {
    let report: Awaited<ReturnType<typeof gate>>;
    beforeAll(async () => {
      report = await gate(repo, 'promote', {
        reviews: {
          author: 'alice',
          commitLogins: ['alice'],
          headSha: head,
          reviews: [review('carol', head), review('erin', head)],
        },
      });
    });

    it('passes, with the promotion it found and where', () => {
      expect(report.verdict).toBe('pass');
      expect(report.headline).toBe('Passed: all 8 checks across 1 change.');
      expect(report.changes.map((c) => [c.change.type, c.change.env, c.summary, c.from, c.to])).toEqual([
        ['promotion', 'prod', 'promotion of 3.3.0 (10%)', '3.2.0 100%', '3.2.0 90%, 3.3.0 10%'],
      ]);
      expect(report.changes[0]!.location).toEqual({
        file: 'environments/prod/deployments/fraud-detector.yaml',
        line: 7,
      });
    });

    it('says why each check of the change passes', () => {
      expect(report.changes[0]!.checks).toEqual([
        {
          check: 'promotion-order',
          verdict: 'pass',
          reason: 'live at 100% in staging/fraud-detector since 2026-11-25T10:00:00.000Z (3d 2h ≥ soak 24h)',
          evidence: 'git history of main',
        },
        {
          check: 'metrics',
          verdict: 'pass',
          reason: 'auc 0.925 ≥ 0.9, latency_p99_ms 44 ≤ 150',
          evidence: 'metrics of fraud-detector 3.3.0',
        },
        {
          check: 'consumers',
          verdict: 'pass',
          reason: '3.2.0, 3.3.0 satisfies checkout (^3.0.0)',
          evidence: 'consumers in prod',
        },
        {
          check: 'freeze',
          verdict: 'pass',
          reason: 'prod is not in a freeze window',
          evidence: 'clock 2026-11-28T12:00:00.000Z',
        },
        {
          check: 'requires',
          verdict: 'pass',
          reason: 'fraud-detector → realtime-strict (fallback previousVersion)',
          evidence: 'requires of prod',
        },
      ]);
    });

    it('counts the approvals of the two leads on the head commit', () => {
      expect(report.checks).toEqual([
        { check: 'validation', verdict: 'pass', reason: 'promote is valid' },
        {
          check: 'reviewed-revision',
          verdict: 'pass',
          reason: `promote is ${head.slice(0, 7)}, the head the reviews were given on`,
          evidence: `reviews of ${head.slice(0, 7)}`,
        },
        {
          check: 'approvals',
          verdict: 'pass',
          reason: 'needs 2 approvals from team:risk-ml-leads for prod/fraud-detector; has 2: carol, erin',
          evidence: `reviews of ${head.slice(0, 7)}`,
        },
      ]);
    });

    it('renders as markdown for the pull request', () => {
      const markdown = formatGateMarkdown(report).split('\n');
      expect(markdown.slice(0, 5)).toEqual([
        '### ✅ Slipway gate passed',
        '',
        '**Passed: all 8 checks across 1 change.**',
        '',
        '| | Environment | Change | From → To | Checks |',
      ]);
      expect(markdown[6]).toBe(
        '| ✓ | prod | `Deployment/fraud-detector` promotion of 3.3.0 (10%) | 3.2.0 100% → 3.2.0 90%, 3.3.0 10% | ✓ **promotion-order**: live at 100% in staging/fraud-detector since 2026-11-25T10:00:00.000Z (3d 2h ≥ soak 24h)<br>✓ **metrics**: auc 0.925 ≥ 0.9, latency_p99_ms 44 ≤ 150<br>✓ **consumers**: 3.2.0, 3.3.0 satisfies checkout (^3.0.0)<br>✓ **freeze**: prod is not in a freeze window<br>✓ **requires**: fraud-detector → realtime-strict (fallback previousVersion) |',
      );
    });
  });

  it('without GitHub, prints the report with approvals pending and exits 1', async () => {
    const result = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote'], { now: NOW });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('… Pending: 1 check waiting (approvals); everything else passed across 1 change.');
    expect(lines).toContain('✓ prod  Deployment/fraud-detector  promotion of 3.3.0 (10%)');
    expect(lines).toContain(
      '    … approvals        needs 2 approvals from team:risk-ml-leads for prod/fraud-detector; reviews unknown without GitHub (run with --github in a pull request)',
    );
  });

  it("does not count the author's own approval, a stale approval, a non-member, or an approval later withdrawn", async () => {
    const old = repo.git('rev-parse', 'promote~1').trim();
    const reviews = [
      review('alice', head), // the author
      review('carol', old), // an earlier commit
      review('bob', head), // not a lead
      review('erin', head),
      review('erin', head, 'CHANGES_REQUESTED'), // erin's latest review
      review('carol', head, 'COMMENTED'), // a comment neither grants nor withdraws
    ];
    const report = await gate(repo, 'promote', {
      reviews: { author: 'alice', commitLogins: ['alice'], headSha: head, reviews },
    });
    expect(report.verdict).toBe('fail');
    expect(checkOf(report.checks, 'approvals')).toEqual({
      check: 'approvals',
      verdict: 'fail',
      reason: `needs 2 approvals from team:risk-ml-leads for prod/fraud-detector; has none; not counted: alice (author), carol (stale: approved ${old.slice(0, 7)}), bob (not in team:risk-ml-leads)`,
      evidence: `reviews of ${head.slice(0, 7)}`,
    });
  });

  it('blocks inside a freeze window', async () => {
    const report = await gate(repo, 'promote', {
      now: new Date('2026-12-22T09:00:00Z'),
      reviews: {
        author: 'alice',
        commitLogins: ['alice'],
        headSha: head,
        reviews: [review('carol', head), review('erin', head)],
      },
    });
    expect(report.verdict).toBe('fail');
    expect(report.headline).toBe('Blocked: 1 of 8 checks failed (freeze) across 1 change.');
    expect(checkOf(report.changes[0]!.checks, 'freeze')).toEqual({
      check: 'freeze',
      verdict: 'fail',
      reason: 'prod is frozen from 2026-12-20T00:00:00Z to 2027-01-03T00:00:00Z (holiday freeze)',
      evidence: 'clock 2026-12-22T09:00:00.000Z',
    });
  });

  it('blocks a promotion that has not soaked long enough in staging', async () => {
    const report = await gate(repo, 'promote', { now: new Date('2026-11-25T20:00:00Z') });
    expect(checkOf(report.changes[0]!.checks, 'promotion-order')).toEqual({
      check: 'promotion-order',
      verdict: 'fail',
      reason:
        'live at 100% in staging/fraud-detector for 10h only; prod requires a soak of 24h (ready at 2026-11-26T10:00:00.000Z)',
      evidence: 'git history of main',
    });
  });

  it('blocks a version that is not live at 100% in staging', async () => {
    branch(
      repo,
      'skip-staging',
      promoteProd([
        ['3.2.0', 90],
        ['3.5.0', 10],
      ]),
    );
    const report = await gate(repo, 'skip-staging');
    expect(report.changes[0]!.checks.filter((c) => c.verdict !== 'pass')).toEqual([
      {
        check: 'promotion-order',
        verdict: 'fail',
        reason:
          'fraud-detector 3.5.0 is not live at 100% in staging (staging/fraud-detector serves 3.3.0 100%); promote it to staging first',
        evidence: 'git history of main',
      },
    ]);
  });

  it('judges a pull request that lowers prod soak while promoting by the old soak, and says so', async () => {
    const lowered = environment('prod').replace('soak: 24h', 'soak: 1h');
    branch(repo, 'lower-soak', { ...promoteProd(), 'environments/prod/environment.yaml': lowered });
    const report = await gate(repo, 'lower-soak', { now: new Date('2026-11-25T20:00:00Z') });
    expect(report.verdict).toBe('fail');
    expect(checkOf(report.changes.find((c) => c.change.type === 'promotion')!.checks, 'promotion-order')?.reason).toBe(
      'live at 100% in staging/fraud-detector for 10h only; prod requires a soak of 24h (ready at 2026-11-26T10:00:00.000Z)',
    );
    expect(report.policyNotice).toBe(
      'This pull request changes policy (prod/Environment/prod); it is judged by the policies of main, not its own.',
    );
    const policy = report.changes.find((c) => c.change.type === 'policy-change')!;
    expect([policy.summary, policy.from, policy.to]).toEqual(['policy changed: spec.promotion.soak', '24h', '1h']);
    expect(checkOf(report.checks, 'policy-approvals')).toEqual({
      check: 'policy-approvals',
      verdict: 'pending',
      reason:
        'needs 1 approval from team:platform for the policy change; reviews unknown without GitHub (run with --github in a pull request)',
    });
  });

  it('requires an approval from the policy approvers for a policy change', async () => {
    const sha = branch(repo, 'policy', {
      'environments/prod/environment.yaml': environment('prod').replace('soak: 24h', 'soak: 48h'),
    });
    const withLeads = await gate(repo, 'policy', {
      reviews: {
        author: 'alice',
        commitLogins: ['alice'],
        headSha: sha,
        reviews: [review('carol', sha), review('erin', sha)],
      },
    });
    expect(checkOf(withLeads.checks, 'policy-approvals')).toMatchObject({
      verdict: 'fail',
      reason:
        'needs 1 approval from team:platform for the policy change; has none; not counted: carol (not in team:platform), erin (not in team:platform)',
    });
    const withPlatform = await gate(repo, 'policy', {
      reviews: {
        author: 'alice',
        commitLogins: ['alice'],
        headSha: sha,
        reviews: [review('carol', sha), review('erin', sha), review('dave', sha)],
      },
    });
    expect(withPlatform.verdict).toBe('pass');
  });

  it('requires an error policy with a fallback in prod', async () => {
    branch(repo, 'no-fallback', { ...promoteProd(), 'environments/prod/error-policies.yaml': errorPolicy('none') });
    const report = await gate(repo, 'no-fallback');
    const promotion = report.changes.find((c) => c.change.type === 'promotion')!;
    expect(checkOf(promotion.checks, 'requires')).toEqual({
      check: 'requires',
      verdict: 'fail',
      reason: "fraud-detector's error policy realtime-strict has no fallback, and prod requires one",
      evidence: 'requires of prod',
    });
    const policy = report.changes.find((c) => c.change.type === 'error-policy-change')!;
    expect([policy.change.env, policy.summary, policy.from, policy.to, policy.verdict]).toEqual([
      'prod',
      'error policy changed',
      'previousVersion',
      'none',
      'fail',
    ]);
  });

  it('blocks a mutated released version, pointing at the changed line', async () => {
    const mutated = model(DEFAULT_VERSIONS.map((v) => (v.version === '3.2.0' ? { ...v, digest: digest('ab') } : v)));
    branch(repo, 'mutate', { 'models/fraud-detector/model.yaml': mutated });
    const report = await gate(repo, 'mutate');
    expect(report.verdict).toBe('fail');
    expect(report.changes.map((c) => [c.change.type, c.summary, c.verdict])).toEqual([
      ['released-version-mutated', 'released version 3.2.0 changed', 'fail'],
    ]);
    const reason = `fraud-detector 3.2.0 is approved (released) and changed artifact.digest: sha256:${'01'.repeat(8)}… → sha256:${'ab'.repeat(8)}…; publish a new version instead`;
    expect(report.changes[0]!.checks).toEqual([
      { check: 'immutable', verdict: 'fail', reason, evidence: 'base and head model registries' },
    ]);
    expect(report.diagnostics).toMatchObject([
      { code: 'released-version-immutable', file: 'models/fraud-detector/model.yaml', line: 14, message: reason },
    ]);
  });
});

describe('slipway gate: what changed, value by value', () => {
  it('shows where two digests differ, with one finding per changed field', async () => {
    const repo = sharedHistory();
    const near = `sha256:${'01'.repeat(31)}ab`;
    const mutated = model(DEFAULT_VERSIONS.map((v) => (v.version === '3.2.0' ? { ...v, digest: near } : v))).replace(
      'fraud-detector/3.2.0/model.onnx',
      'fraud-detector/3.2.0/model-v2.onnx',
    );
    branch(repo, 'near-digest', { 'models/fraud-detector/model.yaml': mutated });
    const report = await gate(repo, 'near-digest');
    const dig = `artifact.digest: sha256:…${'10'.repeat(7)}1 → sha256:…${'10'.repeat(6)}1ab`;
    const uri = 'artifact.uri: s3://ml….2.0/model.onnx → s3://ml…0/model-v2.onnx';
    const reason = (what: string): string =>
      `fraud-detector 3.2.0 is approved (released) and changed ${what}; publish a new version instead`;
    expect(report.changes[0]!.checks.map((c) => c.reason)).toEqual([reason(`${dig}; ${uri}`)]);
    expect(report.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ['released-version-immutable', 13, reason(uri)],
      ['released-version-immutable', 14, reason(dig)],
    ]);
  });

  it('shows each changed policy field with its old and new value', async () => {
    const repo = sharedHistory();
    const changed = environment('prod').replace('soak: 24h', 'soak: 1m').replace('required: 2', 'required: 0');
    branch(repo, 'two-fields', { 'environments/prod/environment.yaml': changed });
    const report = await gate(repo, 'two-fields');
    expect(report.changes.map((c) => [c.summary, c.from, c.to])).toEqual([
      ['policy changed: spec.promotion.approvals.required 2 → 0, spec.promotion.soak 24h → 1m', '—', '—'],
    ]);
  });
});

describe('slipway gate: every canary step and the full rollout re-check the soak, and wait between steps', () => {
  const canary = (pct: number): Files =>
    promoteProd([
      ['3.2.0', 100 - pct],
      ['3.3.0', pct],
    ]);

  it('fails a canary step once the version no longer has all of the previous environment', async () => {
    // Walk-around: 3.3.0 passed its soak for its first 10%, then staging rolled it back; stepping
    // prod's canary up (or rolling it out) must not go on as if it were still soaked.
    const repo = sharedHistory();
    branch(repo, 'prod-canary-10', canary(10), { date: '2026-11-26T10:00:00Z' });
    branch(
      repo,
      'staging-back',
      { [deploymentFile('staging')]: deployment('staging', [['3.2.0', 100]]) },
      {
        from: 'prod-canary-10',
        date: '2026-11-27T10:00:00Z',
      },
    );
    for (const [name, files, type] of [
      ['step-50', canary(50), 'canary-step'],
      ['rollout-100', promoteProd([['3.3.0', 100]]), 'full-rollout'],
    ] as const) {
      branch(repo, name, files, { from: 'staging-back' });
      const report = await gate(repo, name, { base: 'staging-back' });
      expect(report.changes.map((c) => c.change.type)).toEqual([type]);
      expect(checkOf(report.changes[0]!.checks, 'promotion-order')).toEqual({
        check: 'promotion-order',
        verdict: 'fail',
        reason:
          'fraud-detector 3.3.0 is not live at 100% in staging (staging/fraud-detector serves 3.2.0 100%); promote it to staging first',
        evidence: 'git history of staging-back',
      });
      expect(report.verdict).toBe('fail');
    }
    // Control: while staging still runs 3.3.0, the same step passes its soak check.
    branch(repo, 'step-50-ok', canary(50), { from: 'prod-canary-10' });
    const ok = await gate(repo, 'step-50-ok', { base: 'prod-canary-10' });
    expect(checkOf(ok.changes[0]!.checks, 'promotion-order')?.verdict).toBe('pass');
    expect(checkOf(ok.changes[0]!.checks, 'canary-interval')).toBeUndefined();
  });

  it('holds a canary step until promotion.canary.minStepInterval has passed since the last one', async () => {
    const repo = history();
    const prodEnv = environment('prod').replace(
      '    soak: 24h\n',
      '    soak: 24h\n    canary: {minStepInterval: 6h}\n',
    );
    expect(prodEnv).toContain('minStepInterval');
    repo.commit({ 'environments/prod/environment.yaml': prodEnv }, { date: '2026-11-26T09:00:00Z' });
    // The first canary merged at 10:00 on Nov 28; the step to 50% is judged at 12:00, then at 16:30.
    repo.commit(canary(10), { date: '2026-11-28T10:00:00Z', message: 'prod canary 10%' });
    branch(repo, 'step', canary(50), { date: '2026-11-28T11:00:00Z' });
    const early = await gate(repo, 'step');
    expect(early.changes.map((c) => c.change.type)).toEqual(['canary-step']);
    expect(checkOf(early.changes[0]!.checks, 'canary-interval')).toEqual({
      check: 'canary-interval',
      verdict: 'fail',
      reason:
        'prod/fraud-detector has run its current split for 2h only; prod requires 6h between canary steps (ready at 2026-11-28T16:00:00.000Z)',
      evidence: 'git history of main',
    });
    expect(early.verdict).toBe('fail');
    const later = await gate(repo, 'step', { now: new Date('2026-11-28T16:30:00Z') });
    expect(checkOf(later.changes[0]!.checks, 'canary-interval')).toEqual({
      check: 'canary-interval',
      verdict: 'pass',
      reason:
        'prod/fraud-detector has run its current split since 2026-11-28T10:00:00.000Z (6h 30m ≥ 6h between steps)',
      evidence: 'git history of main',
    });
    // The full rollout waits the same way; the first canary does not (it has no step before it).
    branch(repo, 'rollout', promoteProd([['3.3.0', 100]]));
    expect(checkOf((await gate(repo, 'rollout')).changes[0]!.checks, 'canary-interval')?.verdict).toBe('fail');
  });
});

describe('slipway gate: counts in words', () => {
  it('says "the 1 check" and "1 of 1 check", never "1 checks"', async () => {
    const repo = sharedHistory();
    const candidate = [...DEFAULT_VERSIONS, { version: '3.6.0', status: 'candidate', digest: digest('36') }];
    branch(repo, 'add-candidate', { 'models/fraud-detector/model.yaml': model(candidate) });
    const passed = await gate(repo, 'add-candidate');
    expect(passed.headline).toBe('Passed: the 1 check across 1 change.');
    branch(repo, 'add-broken', {
      'models/fraud-detector/model.yaml': model(candidate),
      'environments/dev/stray.yaml': 'apiVersion: slipway.dev/v1\nkind: Nope\nmetadata: {name: stray}\n',
    });
    const blocked = await gate(repo, 'add-broken');
    expect(blocked.headline).toBe('Blocked: 1 of 1 check failed (validation) across 1 change.');
  });
});

describe('slipway gate: a finding about two files lands on the one the pull request changed', () => {
  it('reports a shared endpoint path on the new deployment only, and validate on both', async () => {
    const repo = sharedHistory();
    const shadow = deployment('dev', [['3.3.0', 100]]).replace('name: fraud-detector}', 'name: fraud-shadow}');
    expect(shadow).toContain('name: fraud-shadow}');
    branch(repo, 'shadow', { 'environments/dev/deployments/fraud-shadow.yaml': shadow });
    const report = await gate(repo, 'shadow');
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['duplicate-endpoint-path', 'environments/dev/deployments/fraud-shadow.yaml', 9],
    ]);
    expect(checkOf(report.checks, 'validation')?.reason).toBe(
      'shadow has 1 error; first: environments/dev/deployments/fraud-shadow.yaml:9:20 duplicate-endpoint-path: endpoint path `/v1/fraud-detector` is also used by deployment `fraud-detector` (environments/dev/deployments/fraud-detector.yaml) in environment `dev`',
    );
    // validate has no pull request to go by: both files.
    repo.git('checkout', '-q', 'shadow');
    const validate = await runCli(['validate', '--repo', repo.dir, '--format', 'json']);
    repo.git('checkout', '-q', 'main');
    const doc = JSON.parse(validate.stdout) as { diagnostics: Array<{ code: string; file: string }> };
    expect(doc.diagnostics.filter((d) => d.code === 'duplicate-endpoint-path').map((d) => d.file)).toEqual([
      'environments/dev/deployments/fraud-detector.yaml',
      'environments/dev/deployments/fraud-shadow.yaml',
    ]);
  });
});

describe('slipway gate: a revoked version stays revoked', () => {
  const withStatus = (status: string): string =>
    model(DEFAULT_VERSIONS.map((v) => (v.version === '3.1.0' ? { ...v, status } : v)));

  // Deprecated too: a deprecated version may serve traffic (with a warning), so it would un-revoke.
  it.each([['approved'], ['candidate'], ['deprecated']])(
    'refuses revoked → %s, telling to publish a new version',
    async (to) => {
      const repo = sharedHistory();
      branch(repo, `revoke-${to}`, { 'models/fraud-detector/model.yaml': withStatus('revoked') });
      branch(repo, `unrevoke-${to}`, { 'models/fraud-detector/model.yaml': withStatus(to) }, { from: `revoke-${to}` });
      const report = await gate(repo, `unrevoke-${to}`, { base: `revoke-${to}` });
      expect(report.verdict).toBe('fail');
      expect(report.changes.map((c) => [c.change.type, c.summary, c.from, c.to, c.verdict])).toEqual([
        ['model-updated', 'model changed: versions[3.1.0].status', 'revoked', to, 'fail'],
      ]);
      expect(report.changes[0]!.checks).toEqual([
        {
          check: 'revoked',
          verdict: 'fail',
          reason: `fraud-detector 3.1.0 was revoked and cannot become ${to} again; publish a new version instead`,
          evidence: 'base and head model registries',
        },
      ]);
    },
  );

  it('lets a version be revoked: stopping needs no approval', async () => {
    const repo = sharedHistory();
    branch(repo, 'revoke-only', { 'models/fraud-detector/model.yaml': withStatus('revoked') });
    expect((await gate(repo, 'revoke-only')).changes.map((c) => [c.summary, c.verdict, c.checks])).toEqual([
      ['model changed: versions[3.1.0].status', 'pass', []],
    ]);
  });
});

describe('slipway gate: other changes', () => {
  it('blocks a version whose metrics miss a gate or are not declared', async () => {
    const repo = history({ staged: '3.4.0' });
    branch(repo, 'promote', promoteProd([['3.4.0', 100]]));
    const report = await gate(repo, 'promote');
    expect(report.changes.map((c) => c.change.type)).toEqual(['promotion']);
    expect(report.changes[0]!.checks.filter((c) => c.verdict !== 'pass')).toEqual([
      {
        check: 'metrics',
        verdict: 'fail',
        reason: 'auc 0.89 < min 0.9; latency_p99_ms is not declared by fraud-detector 3.4.0',
        evidence: 'metrics of fraud-detector 3.4.0',
      },
    ]);
  });

  it('blocks a major version that breaks a consumer range', async () => {
    const repo = history({ staged: '4.0.0', range: '>=3.0.0' });
    branch(
      repo,
      'promote',
      promoteProd([
        ['3.2.0', 90],
        ['4.0.0', 10],
      ]),
    );
    const report = await gate(repo, 'promote');
    expect(checkOf(report.changes[0]!.checks, 'consumers')).toEqual({
      check: 'consumers',
      verdict: 'fail',
      reason: 'checkout accepts ^3.0.0, but 4.0.0 will be live',
      evidence: 'consumers in prod',
    });
    expect(checkOf(report.changes[0]!.checks, 'promotion-order')?.verdict).toBe('pass');
  });

  it('lets a rollback skip soak with a single approval', async () => {
    const repo = sharedHistory();
    branch(repo, 'prod-330', promoteProd([['3.3.0', 100]]), { date: '2026-11-27T10:00:00Z' });
    const sha = branch(repo, 'rollback', promoteProd([['3.2.0', 100]]), { from: 'prod-330' });
    const pending = await gate(repo, 'rollback', { base: 'prod-330' });
    expect(pending.changes.map((c) => [c.change.type, c.summary, c.from, c.to])).toEqual([
      ['rollback', 'rollback to 3.2.0 (100%)', '3.3.0 100%', '3.2.0 100%'],
    ]);
    expect(pending.changes[0]!.checks.map((c) => [c.check, c.verdict, c.reason])).toEqual([
      ['promotion-order', 'pass', 'skipped: a rollback to 3.2.0, which was live at 100% in prod before'],
      ['consumers', 'pass', '3.2.0 satisfies checkout (^3.0.0)'],
      ['requires', 'pass', 'fraud-detector → realtime-strict (fallback previousVersion)'],
    ]);
    expect(checkOf(pending.checks, 'approvals')?.reason).toBe(
      'needs 1 approval from team:risk-ml-leads for prod/fraud-detector (a rollback); reviews unknown without GitHub (run with --github in a pull request)',
    );
    const approved = await gate(repo, 'rollback', {
      base: 'prod-330',
      now: new Date('2026-12-24T00:00:00Z'),
      reviews: { author: 'alice', commitLogins: ['alice'], headSha: sha, reviews: [review('carol', sha)] },
    });
    expect(approved.verdict).toBe('pass');
  });

  it('judges a move back to a version that was only a canary share before as a promotion', async () => {
    // Walk-around: 3.4.0 once had 10% of prod; later, "rolling back" to it would skip its soak,
    // its metric gates (auc 0.89 < 0.90) and the freeze.
    const repo = sharedHistory();
    branch(
      repo,
      'prod-canary-340',
      promoteProd([
        ['3.2.0', 90],
        ['3.4.0', 10],
      ]),
      { date: '2026-11-26T10:00:00Z' },
    );
    branch(repo, 'prod-350', promoteProd([['3.5.0', 100]]), { from: 'prod-canary-340', date: '2026-11-27T10:00:00Z' });
    branch(repo, 'back-to-340', promoteProd([['3.4.0', 100]]), { from: 'prod-350' });
    const report = await gate(repo, 'back-to-340', { base: 'prod-350', now: new Date('2026-12-24T00:00:00Z') });
    expect(report.changes.map((c) => [c.change.type, c.summary])).toEqual([['promotion', 'promotion of 3.4.0 (100%)']]);
    expect(report.changes[0]!.checks.map((c) => [c.check, c.verdict])).toEqual([
      ['promotion-order', 'fail'],
      ['metrics', 'fail'],
      ['consumers', 'pass'],
      ['freeze', 'fail'],
      ['requires', 'pass'],
    ]);
    expect(report.verdict).toBe('fail');
    // Control: back to 3.2.0, which had all of prod's traffic before, is a rollback.
    branch(repo, 'back-to-320', promoteProd([['3.2.0', 100]]), { from: 'prod-350' });
    const control = await gate(repo, 'back-to-320', { base: 'prod-350' });
    expect(control.changes.map((c) => c.change.type)).toEqual(['rollback']);
  });

  it('never calls a move back to a revoked version a rollback', async () => {
    const repo = sharedHistory();
    branch(repo, 'prod-330-b', promoteProd([['3.3.0', 100]]), { date: '2026-11-27T10:00:00Z' });
    const revoked = DEFAULT_VERSIONS.map((v) => (v.version === '3.2.0' ? { ...v, status: 'revoked' } : v));
    branch(
      repo,
      'back-to-revoked',
      { ...promoteProd([['3.2.0', 100]]), 'models/fraud-detector/model.yaml': model(revoked) },
      { from: 'prod-330-b' },
    );
    const report = await gate(repo, 'back-to-revoked', { base: 'prod-330-b' });
    expect(report.changes.filter((c) => c.change.env === 'prod').map((c) => [c.change.type, c.summary])).toEqual([
      ['promotion', 'promotion of 3.2.0 (100%)'],
    ]);
    expect(checkOf(report.checks, 'validation')).toMatchObject({ verdict: 'fail' });
    expect(checkOf(report.checks, 'validation')?.reason).toContain('revoked-version-live');
    expect(report.verdict).toBe('fail');
  });

  it('exits 0 for a change that needs no approval, and 2 for an unknown base', async () => {
    const repo = sharedHistory();
    branch(repo, 'dev-tweak', {
      [deploymentFile('dev')]: deployment('dev', [['3.3.0', 100]], '  resources: {replicas: {min: 1, max: 2}}\n'),
    });
    const ok = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'dev-tweak', '--format', 'json'], {
      now: NOW,
    });
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout) as {
      verdict: string;
      changes: Array<{ type: string; env: string; summary: string; checks: CheckView[] }>;
      checks: CheckView[];
    };
    expect(doc.verdict).toBe('pass');
    expect(doc.changes.map((c) => [c.type, c.env, c.summary])).toEqual([
      ['deployment-updated', 'dev', 'deployment settings changed: spec.resources'],
    ]);
    expect(doc.checks.map((c) => [c.check, c.verdict, c.reason])).toEqual([
      ['validation', 'pass', 'dev-tweak is valid'],
      ['approvals', 'pass', 'dev requires no approvals'],
    ]);

    // Every field the JSON carries (outside `detail`, documented by type) is in docs/output.md.
    const section = readFileSync(new URL('../../docs/output.md', import.meta.url), 'utf8').split(
      '## gate --format json',
    )[1]!;
    const produced = new Set<string>(Object.keys(doc));
    for (const c of doc.changes) for (const k of Object.keys(c)) produced.add(`changes[].${k}`);
    for (const c of doc.checks) for (const k of Object.keys(c)) produced.add(`checks[].${k}`);
    const missing = [...produced].filter(
      (k) => !section.includes(`| \`${k}`) && !section.includes(`\`${k.replace(/^.*\./, '')}\``),
    );
    expect(missing).toEqual([]);

    const bad = await runCli(['gate', '--repo', repo.dir, '--base', 'nope'], { now: NOW });
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain('error: revision nope: unknown revision');

    const empty = await runCli(['gate', '--repo', repo.dir, '--base', ' '], { now: NOW });
    expect(empty).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --base is empty\nhint: name a revision, e.g. --base origin/main\n',
    });
  });

  it('blocks a head that does not validate, and reports its errors', async () => {
    const repo = sharedHistory();
    branch(repo, 'broken', {
      [deploymentFile('prod')]: deployment(
        'prod',
        [
          ['3.2.0', 90],
          ['3.3.0', 10],
        ],
        '  replicas: 3\n',
      ),
    });
    const report = await gate(repo, 'broken');
    expect(report.verdict).toBe('fail');
    expect(checkOf(report.checks, 'validation')?.reason).toBe(
      'broken has 1 error; first: environments/prod/deployments/fraud-detector.yaml:12:3 schema-unknown-field: unknown field `spec.replicas`',
    );
    expect(report.diagnostics).toMatchObject([
      {
        severity: 'error',
        code: 'schema-unknown-field',
        file: 'environments/prod/deployments/fraud-detector.yaml',
        line: 12,
      },
    ]);
  });
});
