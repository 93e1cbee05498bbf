import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { promoteFiles, promoteRepo, deployment, PROD_FILE, STAGING_FILE } from '../support/base-promote.js';

const BRANCH = 'slipway/promote/fraud-detector-4.0.0-prod';
const promote = (dir: string, ...args: string[]) => runCli(['promote', ...args, '--repo', dir]);

// Real git processes: generous timeouts for loaded CI machines.
describe('slipway promote writes a branch', { timeout: 120_000 }, () => {
  it('commits a canary on a new branch without touching the checkout', async () => {
    const { repo } = promoteRepo();
    const main = repo.head();
    const before = repo.git('status', '--porcelain', '--untracked-files=all');
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    const tip = repo.git('rev-parse', BRANCH).trim();
    expect(repo.git('rev-parse', `${BRANCH}^`).trim()).toBe(main);
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>', BRANCH).trim()).toBe(
      'Test User <test@example.com>|Test User <test@example.com>',
    );
    expect(repo.git('log', '-1', '--format=%B', BRANCH)).toBe(
      [
        'promote fraud-detector 4.0.0 to prod (canary 10%)',
        '',
        `Deployment fraud-detector in ${PROD_FILE}`,
        'traffic before: 3.2.0 100%',
        'traffic after:  3.2.0 90%, 4.0.0 10%',
        '',
        'Generated-by: slipway',
        '',
        '',
      ].join('\n'),
    );
    expect(repo.git('diff', '--name-only', main, BRANCH)).toBe(`${PROD_FILE}\n`);
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 90}    # stable\n    - {version: 4.0.0, percent: 10}'),
    );

    // The user's checkout: same branch, same HEAD, same (clean) files.
    expect(repo.git('symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(repo.head()).toBe(main);
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe(before);

    expect(r.stdout).toContain('promote fraud-detector 4.0.0 to prod (canary 10%)\n');
    expect(r.stdout).toContain('  traffic: 3.2.0 100% -> 3.2.0 90%, 4.0.0 10%\n');
    expect(r.stdout).toContain(
      '-    - {version: 3.2.0, percent: 100}   # stable\n+    - {version: 3.2.0, percent: 90}    # stable\n+    - {version: 4.0.0, percent: 10}\n',
    );
    expect(r.stdout).toContain('\nvalidate: 0 errors, 0 warnings in 7 files after the change\n');
    expect(r.stdout).toContain("\ngate (advisory; the pull request's gate check decides):\n");
    expect(r.stdout).toContain('\n✓ prod  Deployment/fraud-detector  promotion of 4.0.0 (10%)\n');
    expect(r.stdout).toContain(
      `\nbranch ${BRANCH} created at ${tip.slice(0, 7)} (on top of main at ${main.slice(0, 7)})\n`,
    );
    expect(r.stdout).toContain(
      `your working tree is unchanged and main is still checked out; to look at the change: git switch ${BRANCH}\n`,
    );
  });

  it('counts what validate finds after the change in words: 1 error, not 1 errors', async () => {
    const { repo } = promoteRepo({
      ...promoteFiles(),
      'environments/prod/consumers/checkout.yaml': `apiVersion: slipway.dev/v1
kind: Consumer
metadata: {name: checkout}
spec:
  owner: team:risk-ml
  subject: service:checkout
  uses:
    - {deployment: fraud-detector, contract: ">=3.0.0"}
`,
    });
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10');
    // One error (already there before the change), two warnings: the counts read as English.
    expect(r.stdout).toContain('\nvalidate: 1 error, 2 warnings in 8 files after the change\n');
  });

  it('steps a merged canary, then rolls out fully, reusing the branch name', async () => {
    const { repo } = promoteRepo();
    expect((await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10')).code).toBe(0);
    repo.git('merge', '-q', '--ff-only', BRANCH);

    const step = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '50');
    expect(step.code).toBe(0);
    expect(step.stdout).toContain('  traffic: 3.2.0 90%, 4.0.0 10% -> 3.2.0 50%, 4.0.0 50%\n');
    expect(step.stdout).toContain(`\nbranch ${BRANCH} updated at `);
    expect(repo.git('log', '-1', '--format=%s', BRANCH).trim()).toBe(
      'promote fraud-detector 4.0.0 to prod (canary 50%)',
    );
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 50}    # stable\n    - {version: 4.0.0, percent: 50}'),
    );
    repo.git('merge', '-q', '--ff-only', BRANCH);

    const full = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod');
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('promote fraud-detector 4.0.0 to prod\n');
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toBe(deployment('    - {version: 4.0.0, percent: 100}'));
  });

  it('replaces its own unmerged branch when run again (a canary step before merging)', async () => {
    const { repo } = promoteRepo();
    await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10');
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '25');
    expect(r.code).toBe(0);
    expect(repo.git('rev-list', '--count', `main..${BRANCH}`).trim()).toBe('1');
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toContain(
      '    - {version: 3.2.0, percent: 75}    # stable\n    - {version: 4.0.0, percent: 25}\n',
    );
  });

  it('takes the author from git config, and --branch names the branch', async () => {
    const { repo } = promoteRepo();
    repo.git('config', 'user.name', 'Alice Doe');
    repo.git('config', 'user.email', 'alice@example.com');
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--branch', 'release/fraud-4');
    expect(r.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%an <%ae>|%s', 'release/fraud-4').trim()).toBe(
      'Alice Doe <alice@example.com>|promote fraud-detector 4.0.0 to prod',
    );
    expect(repo.git('branch', '--list', 'slipway/*')).toBe('');
  });

  it('creates the Deployment from the previous environment when there is none', async () => {
    const files = promoteFiles();
    delete files[PROD_FILE];
    const { repo } = promoteRepo(files);
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `  new Deployment fraud-detector in ${PROD_FILE}, copied from ${STAGING_FILE}\n  traffic: none -> 4.0.0 100%\n`,
    );
    const main = repo.head().slice(0, 7);
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toBe(
      `# Copied by \`slipway promote\` from ${STAGING_FILE} (environment staging, revision ${main}).\n` +
        '# Review the environment-specific settings (endpoint, resources, inputs, error policy) before merging.\n' +
        deployment('    - {version: 4.0.0, percent: 100}'),
    );
    expect(repo.git('log', '-1', '--format=%b', BRANCH)).toContain(
      `Deployment fraud-detector in ${PROD_FILE} (new, copied from ${STAGING_FILE})\ntraffic before: none\n`,
    );
  });

  it('does nothing, successfully, when the version already has all the traffic', async () => {
    const { repo } = promoteRepo();
    const state = repo.snapshot();
    const r = await promote(repo.dir, 'fraud-detector@3.2.0', '--to', 'prod');
    expect(r).toEqual({
      code: 0,
      stdout: 'fraud-detector in prod already runs 3.2.0 100%; nothing to do\n',
      stderr: '',
    });
    expect(repo.snapshot()).toBe(state);
  });

  it('notes a deprecated version but promotes it', async () => {
    const { repo } = promoteRepo();
    const r = await promote(repo.dir, 'fraud-detector@3.1.0', '--to', 'prod');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  note: fraud-detector 3.1.0 is deprecated\n');
  });
});

describe('slipway promote refuses, and writes nothing', { timeout: 120_000 }, () => {
  const cases: Array<{ name: string; args: string[]; code: number; error: string; hint?: string }> = [
    {
      name: 'an unknown model',
      args: ['fraud-detectr@4.0.0', '--to', 'prod'],
      code: 2,
      error: 'unknown model `fraud-detectr`; nothing was written',
      hint: 'did you mean `fraud-detector`?',
    },
    {
      name: 'an unknown version',
      args: ['fraud-detector@4.0.1', '--to', 'prod'],
      code: 2,
      error: 'model `fraud-detector` has no version 4.0.1; nothing was written',
      hint: 'did you mean `4.0.0`?',
    },
    {
      name: 'a version far from any',
      args: ['fraud-detector@9.9.9', '--to', 'prod'],
      code: 2,
      error: 'model `fraud-detector` has no version 9.9.9; nothing was written',
      hint: 'known versions: 2.0.0, 3.1.0, 3.2.0, 4.0.0, 4.1.0',
    },
    {
      name: 'a revoked version',
      args: ['fraud-detector@2.0.0', '--to', 'prod'],
      code: 1,
      error: 'fraud-detector 2.0.0 is revoked and may not receive traffic; nothing was written',
      hint: 'choose another version; revoked versions stay revoked',
    },
    {
      name: 'a candidate beyond the first environment',
      args: ['fraud-detector@4.1.0', '--to', 'staging', '--canary', '5'],
      code: 1,
      error:
        'fraud-detector 4.1.0 is a candidate, and candidates may only run in dev (the first environment), not staging; nothing was written',
      hint: 'approve it first: set status: approved for 4.1.0 in models/fraud-detector/model.yaml',
    },
    {
      name: 'an environment not in the project',
      args: ['fraud-detector@4.0.0', '--to', 'prd'],
      code: 2,
      error: 'environment `prd` is not in the project (environments: dev, staging, prod); nothing was written',
      hint: 'did you mean `prod`?',
    },
    {
      name: 'a canary of 0%',
      args: ['fraud-detector@4.0.0', '--to', 'prod', '--canary', '0'],
      code: 2,
      error: '--canary 0: must be between 1 and 99',
    },
    {
      name: 'a canary of 100%',
      args: ['fraud-detector@4.0.0', '--to', 'prod', '--canary', '100'],
      code: 2,
      error: '--canary 100: must be between 1 and 99',
    },
    {
      name: 'a fractional canary',
      args: ['fraud-detector@4.0.0', '--to', 'prod', '--canary', '12.5'],
      code: 2,
      error: '--canary 12.5: must be a whole number',
    },
    {
      name: 'a canary that is not a number',
      args: ['fraud-detector@4.0.0', '--to', 'prod', '--canary', 'ten'],
      code: 2,
      error: '--canary ten: must be a whole number',
    },
    {
      name: 'a target without a version',
      args: ['fraud-detector', '--to', 'prod'],
      code: 2,
      error: 'expected MODEL@VERSION, got `fraud-detector`',
    },
    {
      name: 'an invalid branch name',
      args: ['fraud-detector@4.0.0', '--to', 'prod', '--branch', 'bad..name'],
      code: 2,
      error: '`bad..name` is not a valid branch name',
    },
    {
      name: 'a canary of a version that is already at 100%',
      args: ['fraud-detector@3.2.0', '--to', 'prod', '--canary', '10'],
      code: 1,
      error: '3.2.0 already receives 100% of the traffic; a canary would lower it; nothing was written',
    },
  ];
  // Refusals write nothing, so they can share one repository; each checks that it stays as it was.
  let shared: ReturnType<typeof promoteRepo> | undefined;
  for (const c of cases) {
    it(c.name, async () => {
      const { repo } = (shared ??= promoteRepo());
      const state = repo.snapshot();
      const r = await promote(repo.dir, ...c.args);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`error: ${c.error}`);
      if (c.hint) expect(r.stderr).toContain(`\nhint: ${c.hint}\n`);
      expect(r.code).toBe(c.code);
      expect(repo.snapshot()).toBe(state);
    });
  }

  it('a dirty working tree', async () => {
    const { repo } = promoteRepo();
    repo.write({
      [PROD_FILE]: deployment('    - {version: 3.1.0, percent: 100}'),
      'environments/prod/new.yaml': 'kind: Consumer\n',
    });
    const state = repo.snapshot();
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod');
    expect(r.stderr).toBe(
      `error: the working tree has uncommitted changes (${PROD_FILE}, environments/prod/new.yaml)\nhint: commit or stash them first: a promotion is a commit on top of HEAD, and would leave them out\n`,
    );
    expect(r.code).toBe(2);
    expect(repo.snapshot()).toBe(state);
  });

  it("an existing branch with someone else's commits", async () => {
    const { repo } = promoteRepo();
    repo.git('branch', BRANCH);
    repo.git('switch', '-q', BRANCH);
    repo.commit({ 'README.md': 'mine\n' }, { message: 'my own work' });
    repo.git('switch', '-q', 'main');
    const state = repo.snapshot();
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod');
    expect(r.stderr).toBe(
      `error: branch ${BRANCH} already exists and has commits that slipway did not write; nothing was written\nhint: pass --branch NAME, or delete it: git branch -D ${BRANCH}\n`,
    );
    expect(r.code).toBe(2);
    expect(repo.snapshot()).toBe(state);
  });

  it('a canary of another version while one is running', async () => {
    const files = promoteFiles();
    files[PROD_FILE] = deployment('    - {version: 3.1.0, percent: 90}\n    - {version: 3.2.0, percent: 10}');
    const { repo } = promoteRepo(files);
    const state = repo.snapshot();
    const r = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '10');
    expect(r.stderr).toBe(
      'error: traffic is already split between other versions (3.1.0 90%, 3.2.0 10%); a canary of 4.0.0 would leave more than two versions live; nothing was written\n' +
        'hint: finish or roll back the running canary first (`slipway promote MODEL@VERSION` or `slipway rollback`)\n',
    );
    expect(r.code).toBe(1);
    expect(repo.snapshot()).toBe(state);
  });

  it('a canary of the majority side of a running canary (the stable version), but the canary itself may step', async () => {
    const files = promoteFiles();
    files[PROD_FILE] = deployment(
      '    - {version: 3.2.0, percent: 90}    # stable\n    - {version: 4.0.0, percent: 10}',
    );
    const { repo } = promoteRepo(files);
    const state = repo.snapshot();
    const r = await promote(repo.dir, 'fraud-detector@3.2.0', '--to', 'prod', '--canary', '10');
    expect(r.stderr).toBe(
      'error: 3.2.0 is the majority side of the running canary (3.2.0 90%, 4.0.0 10%); a canary of it would hand the rest of the traffic to 4.0.0; nothing was written\n' +
        'hint: to send all traffic to 3.2.0, promote it without --canary; to send traffic back, use `slipway rollback`\n',
    );
    expect(r.code).toBe(1);
    expect(repo.snapshot()).toBe(state);
    const other = await promote(repo.dir, 'fraud-detector@3.1.0', '--to', 'prod', '--canary', '10');
    expect(other.stderr.split('\n')[0]).toBe(
      'error: traffic is already split between other versions (3.2.0 90%, 4.0.0 10%); a canary of 3.1.0 would leave more than two versions live; nothing was written',
    );
    expect(other.code).toBe(1);
    expect(repo.snapshot()).toBe(state);
    const step = await promote(repo.dir, 'fraud-detector@4.0.0', '--to', 'prod', '--canary', '50');
    expect(step.stderr).toBe('');
    expect(step.code).toBe(0);
    expect(repo.git('show', `${BRANCH}:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 50}    # stable\n    - {version: 4.0.0, percent: 50}'),
    );
  });
});
