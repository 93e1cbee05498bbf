import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { runCli } from '../support/cli.js';
import { ctx } from '../support/values.js';
import { promoteFiles, promoteRepo, deployment, PROD_FILE } from '../support/base-promote.js';

const rollback = (dir: string, ...args: string[]) =>
  runCli(['rollback', 'fraud-detector', '--env', 'prod', ...args, '--repo', dir]);

/** prod's history on main: 3.2.0 at 100%, a canary of 4.0.0, then 4.0.0 at 100%. */
function rolledOut() {
  return promoteRepo(promoteFiles(), [
    {
      files: {
        [PROD_FILE]: deployment('    - {version: 3.2.0, percent: 90}    # stable\n    - {version: 4.0.0, percent: 10}'),
      },
      message: 'canary',
      date: '2026-11-10T10:00:00Z',
    },
    {
      files: { [PROD_FILE]: deployment('    - {version: 4.0.0, percent: 100}   # stable') },
      message: 'full',
      date: '2026-11-12T10:00:00Z',
    },
  ]);
}

/** Records applies of fraud-detector in prod (a version at 100%, or `null` for a deletion) into the repository's default store. */
async function appliedToProd(
  dir: string,
  revision: string,
  applies: Array<[version: string | null, at: string]>,
): Promise<void> {
  mkdirSync(path.join(dir, '.slipway'));
  const store = await openSqliteStore(path.join(dir, '.slipway/state.db'), { display: '.slipway/state.db' });
  try {
    for (const [version, at] of applies) {
      const change =
        version === null
          ? { action: 'delete' as const, kind: 'Deployment' as const, name: 'fraud-detector', changes: [] }
          : {
              action: 'update' as const,
              kind: 'Deployment' as const,
              name: 'fraud-detector',
              after: { spec: { model: 'fraud-detector', traffic: [{ version, percent: 100 }], mode: 'realtime' } },
              hash: version,
              changes: [],
            };
      await store.record(ctx({ revision, actor: 'ci', at, runId: at }), [change]);
    }
  } finally {
    await store.close();
  }
}

// Real git processes: generous timeouts for loaded CI machines.
describe('slipway rollback', { timeout: 120_000 }, () => {
  it('goes back to the version live at 100% before the current one, from git history', async () => {
    const { repo } = rolledOut();
    const main = repo.head();
    const r = await rollback(repo.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const branch = 'slipway/rollback/fraud-detector-3.2.0-prod';
    expect(repo.git('log', '-1', '--format=%B', branch)).toBe(
      [
        'rollback fraud-detector in prod to 3.2.0',
        '',
        `Deployment fraud-detector in ${PROD_FILE}`,
        'traffic before: 4.0.0 100%',
        'traffic after:  3.2.0 100%',
        'note: 3.2.0 is the version live at 100% before the current one (from the git history of prod on main)',
        '',
        'Generated-by: slipway',
        '',
        '',
      ].join('\n'),
    );
    expect(repo.git('show', `${branch}:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 100}   # stable'),
    );
    expect(repo.git('rev-parse', `${branch}^`).trim()).toBe(main);
    expect(repo.head()).toBe(main);
    expect(r.stdout).toContain('rollback fraud-detector in prod to 3.2.0\n');
    expect(r.stdout).toContain('  traffic: 4.0.0 100% -> 3.2.0 100%\n');
  });

  it('ends a running canary by sending everything back to the stable version', async () => {
    const files = promoteFiles();
    files[PROD_FILE] = deployment(
      '    - {version: 3.2.0, percent: 90}    # stable\n    - {version: 4.0.0, percent: 10}',
    );
    const { repo } = promoteRepo(files);
    const r = await rollback(repo.dir);
    expect(r.code).toBe(0);
    expect(repo.git('show', `slipway/rollback/fraud-detector-3.2.0-prod:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 100}   # stable'),
    );
  });

  it('prefers the state store: what was applied, not only what was merged', async () => {
    const { repo } = promoteRepo();
    await appliedToProd(repo.dir, repo.head(), [
      ['3.1.0', '2026-10-01T10:00:00Z'],
      ['3.2.0', '2026-11-01T10:00:00Z'],
    ]);
    const r = await rollback(repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '  note: 3.1.0 is the version live at 100% before the current one (from the state store .slipway/state.db)\n',
    );
    expect(r.stdout).toContain('  note: fraud-detector 3.1.0 is deprecated\n');
    expect(repo.git('show', `slipway/rollback/fraud-detector-3.1.0-prod:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.1.0, percent: 100}   # stable'),
    );
  });

  it('looks past a stretch where the state store recorded the Deployment deleted', async () => {
    const { repo } = promoteRepo();
    await appliedToProd(repo.dir, repo.head(), [
      ['3.1.0', '2026-10-01T10:00:00Z'],
      [null, '2026-10-15T10:00:00Z'],
      ['3.2.0', '2026-11-01T10:00:00Z'],
    ]);
    const r = await rollback(repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '  note: 3.1.0 is the version live at 100% before the current one (from the state store .slipway/state.db)\n',
    );
  });

  it('--to picks the version, and --branch the branch', async () => {
    const { repo } = promoteRepo();
    const r = await rollback(repo.dir, '--to', '3.1.0', '--branch', 'hotfix/fraud');
    expect(r.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%s', 'hotfix/fraud').trim()).toBe(
      'rollback fraud-detector in prod to 3.1.0',
    );
  });
});

describe('slipway rollback never moves traffic the wrong way', { timeout: 120_000 }, () => {
  /** prod on main: 3.2.0, then 4.0.0 at 100%, then a hand-written split back towards 3.2.0. */
  const reversed = () =>
    promoteRepo(promoteFiles(), [
      {
        files: { [PROD_FILE]: deployment('    - {version: 4.0.0, percent: 100}') },
        message: 'full',
        date: '2026-11-10T10:00:00Z',
      },
      {
        files: {
          [PROD_FILE]: deployment('    - {version: 3.2.0, percent: 90}\n    - {version: 4.0.0, percent: 10}'),
        },
        message: 'split',
        date: '2026-11-12T10:00:00Z',
      },
    ]);

  it('never picks the minority side of a running canary, and refuses it as --to', async () => {
    const { repo } = reversed();
    const state = repo.snapshot();
    const to = await rollback(repo.dir, '--to', '4.0.0');
    expect(to.stderr).toBe(
      'error: 4.0.0 is the minority side of the running canary in prod (3.2.0 90%, 4.0.0 10%); a rollback to it would move traffic to the canary; nothing was written\n' +
        'hint: to finish the canary, `slipway promote fraud-detector@4.0.0 --to prod`; to end it, `slipway rollback fraud-detector --env prod --to 3.2.0`\n',
    );
    expect(to.code).toBe(1);
    expect(repo.snapshot()).toBe(state);
    // The newest full version in the history is 4.0.0, the minority side: skipped for 3.2.0.
    const r = await rollback(repo.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(repo.git('show', `slipway/rollback/fraud-detector-3.2.0-prod:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 100}'),
    );
  });

  it('refuses when the state store and git disagree about what is live, unless --from-git or --from-state', async () => {
    const { repo } = rolledOut();
    await appliedToProd(repo.dir, repo.head(), [
      ['3.2.0', '2026-11-01T10:00:00Z'],
      ['3.1.0', '2026-11-13T10:00:00Z'],
    ]);
    // Reading the store leaves SQLite's -shm/-wal files next to it: not a write of the configuration.
    const snapshot = () => repo.snapshot().replace(/^.*state\.db-(shm|wal)\n/gm, '');
    const state = snapshot();
    const r = await rollback(repo.dir);
    expect(r.stderr).toBe(
      'error: the state store .slipway/state.db and git disagree about what is live in prod: the store last applied 3.1.0 100%, git (main) has 4.0.0 100%; nothing was written\n' +
        'hint: pass --from-state to roll back from what was applied, or --from-git from what is merged (or --to VERSION)\n',
    );
    expect(r.code).toBe(1);
    expect(snapshot()).toBe(state);

    const both = await rollback(repo.dir, '--from-git', '--from-state');
    expect(both.stderr.split('\n')[0]).toBe('error: --from-git and --from-state exclude each other');
    expect(both.code).toBe(2);
    const withTo = await rollback(repo.dir, '--to', '3.2.0', '--from-state');
    expect(withTo.stderr.split('\n')[0]).toBe('error: --from-state has no effect with --to');
    expect(withTo.code).toBe(2);
    expect(snapshot()).toBe(state);

    // git: 4.0.0 is live, 3.2.0 was before it.
    const git = await rollback(repo.dir, '--from-git');
    expect(git.stderr).toBe('');
    expect(git.code).toBe(0);
    expect(git.stdout).toContain('(from the git history of prod on main)\n');
    expect(repo.git('show', `slipway/rollback/fraud-detector-3.2.0-prod:${PROD_FILE}`)).toBe(
      deployment('    - {version: 3.2.0, percent: 100}   # stable'),
    );
    // The state store: 3.1.0 is live, 3.2.0 was before it (and git's 4.0.0 is replaced).
    const fromState = await rollback(repo.dir, '--from-state', '--branch', 'from-state');
    expect(fromState.stderr).toBe('');
    expect(fromState.code).toBe(0);
    expect(fromState.stdout).toContain('(from the state store .slipway/state.db)\n');
    expect(fromState.stdout).toContain('  traffic: 4.0.0 100% -> 3.2.0 100%\n');
  });

  it('--from-state with no state store is refused', async () => {
    const { repo } = rolledOut();
    const r = await rollback(repo.dir, '--from-state');
    expect(r.stderr).toBe(
      'error: --from-state: there is no state store history of fraud-detector in prod; nothing was written\nhint: pass --from-git, or --to VERSION\n',
    );
    expect(r.code).toBe(1);
  });
});

describe('slipway rollback refuses, and writes nothing', { timeout: 120_000 }, () => {
  let shared: ReturnType<typeof promoteRepo> | undefined;
  const cases: Array<{ name: string; args: string[]; code: number; error: string; hint?: string }> = [
    {
      name: 'no earlier version in the history',
      args: [],
      code: 1,
      error:
        'no earlier version of fraud-detector was live at 100% in prod (looked in the git history of prod on main); nothing was written',
      hint: 'pass --to VERSION',
    },
    {
      name: 'a revoked target',
      args: ['--to', '2.0.0'],
      code: 1,
      error: 'fraud-detector 2.0.0 is revoked and may not receive traffic; nothing was written',
    },
    {
      name: 'an unknown target',
      args: ['--to', '3.2.1'],
      code: 2,
      error: 'model `fraud-detector` has no version 3.2.1; nothing was written',
      hint: 'did you mean `3.2.0`?',
    },
    { name: 'the version already live', args: ['--to', '3.2.0'], code: 0, error: '' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { repo } = (shared ??= promoteRepo());
      const state = repo.snapshot();
      const r = await rollback(repo.dir, ...c.args);
      if (c.code === 0)
        expect(r.stdout).toBe('fraud-detector in prod already runs 3.2.0 at 100%; nothing to roll back\n');
      else expect(r.stderr.split('\n')[0]).toBe(`error: ${c.error}`);
      if (c.hint) expect(r.stderr).toContain(`\nhint: ${c.hint}\n`);
      expect(r.code).toBe(c.code);
      expect(repo.snapshot()).toBe(state);
    });
  }

  it('an unknown environment and an unknown model', async () => {
    const { repo } = (shared ??= promoteRepo());
    const state = repo.snapshot();
    const env = await runCli(['rollback', 'fraud-detector', '--env', 'staging2', '--repo', repo.dir]);
    expect(env.stderr).toBe(
      'error: environment `staging2` is not in the project (environments: dev, staging, prod); nothing was written\nhint: did you mean `staging`?\n',
    );
    expect(env.code).toBe(2);
    const model = await runCli(['rollback', 'fraud', '--env', 'prod', '--repo', repo.dir]);
    expect(model.stderr).toBe(
      'error: unknown model `fraud`; nothing was written\nhint: known models: fraud-detector\n',
    );
    expect(model.code).toBe(2);
    expect(repo.snapshot()).toBe(state);
  });
});
