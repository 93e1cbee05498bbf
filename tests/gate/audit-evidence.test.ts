/**
 * Evidence that cannot be rewritten (issue 12, point 9): the gate verifies the audit chain of
 * the store it reads soak evidence from. A row edited, deleted or inserted behind Slipway's back
 * (the append-only triggers dropped first, as someone with the database's keys could) makes the
 * gate refuse that evidence, naming the row `history --verify` names, and never fall back to git.
 * `promote`'s advisory gate says the same.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type RunOptions } from '../support/cli.js';
import { pgWithApplies, sqliteWithApplies, tamperPg, tamperSqlite, type Applied } from '../support/applied.js';
import { deployment, deploymentFile } from '../support/base-gate.js';
import type { TestRepo } from '../support/config-repo.js';
import { freshPgUrl, pgAvailable } from '../support/postgres.js';
import { promotionRepo } from '../support/gate-pr.js';
import { tempDir } from '../support/tree.js';

const now = new Date('2026-11-28T12:00:00Z');

/**
 * staging: 3.2.0 (row 1), 3.3.0 on Nov 20 (row 2), rolled back to 3.2.0 on Nov 27 (row 3), and
 * 3.3.0 again this morning (row 4): live for 6h only. Deleting row 3, or editing row 4's time,
 * would make 3.3.0 look soaked.
 */
const APPLIED: Applied[] = [
  ['2026-11-01T11:00:00.000Z', '3.2.0'],
  ['2026-11-20T11:00:00.000Z', '3.3.0'],
  ['2026-11-27T11:00:00.000Z', '3.2.0'],
  ['2026-11-28T06:00:00.000Z', '3.3.0'],
];

const HONEST =
  'live at 100% in staging/fraud-detector for 6h only; prod requires a soak of 24h (ready at 2026-11-29T06:00:00.000Z)';

type Check = { check: string; verdict: string; reason: string; evidence?: string };

async function promotionOrder(repo: TestRepo, options: RunOptions & { state?: string } = {}) {
  const r = await runCli(
    [
      'gate',
      '--repo',
      repo.dir,
      '--base',
      'main',
      '--head',
      'promote',
      '--format',
      'json',
      ...(options.state ? ['--state', options.state] : []),
    ],
    { now, ...options },
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as { evidence: { soak: string }; changes: Array<{ checks: Check[] }> };
  return { soak: doc.evidence.soak, check: doc.changes[0]!.checks.find((c) => c.check === 'promotion-order')! };
}

const refused = (store: string, id: number, what: string): string =>
  `the audit log of ${store} fails verification at row #${id} (in staging: row #${id} ${what}); its soak evidence is refused (see slipway history --env staging --verify)`;

describe('gate: a tampered audit log is refused as soak evidence', { timeout: 120_000 }, () => {
  const repo = promotionRepo();

  async function sqliteStore(): Promise<string> {
    const file = path.join(tempDir(), 'state.db');
    await sqliteWithApplies(file, 'staging', APPLIED);
    return file;
  }

  it('an intact log is read as it is', async () => {
    const file = await sqliteStore();
    expect(await promotionOrder(repo, { state: `sqlite:${file}` })).toEqual({
      soak: `state store ${file}`,
      check: { check: 'promotion-order', verdict: 'fail', reason: HONEST, evidence: `state store ${file}` },
    });
  });

  it('an apply backdated in place (row edited): refused at that row, not soaked, and not read from git', async () => {
    const file = await sqliteStore();
    tamperSqlite(file, "UPDATE audit SET at = '2026-11-20T06:00:00.000Z' WHERE id = 4");
    expect(await promotionOrder(repo, { state: `sqlite:${file}` })).toEqual({
      soak: `state store ${file}`,
      check: {
        check: 'promotion-order',
        verdict: 'fail',
        reason: refused(file, 4, 'was changed after it was written'),
        evidence: `state store ${file}`,
      },
    });
    // The same row `history --verify` names.
    const verify = await runCli([
      'history',
      '--repo',
      repo.dir,
      '--env',
      'staging',
      '--state',
      `sqlite:${file}`,
      '--verify',
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      'Audit log of staging is broken: row #4 was changed after it was written (the first such row).',
    );
  });

  it('the rollback in between deleted: refused at the deleted row', async () => {
    const file = await sqliteStore();
    tamperSqlite(file, 'DELETE FROM audit WHERE id = 3');
    expect((await promotionOrder(repo, { state: `sqlite:${file}` })).check.reason).toBe(
      refused(file, 3, 'was deleted'),
    );
  });

  it('an apply inserted by hand: refused at the inserted row', async () => {
    const file = await sqliteStore();
    tamperSqlite(
      file,
      "INSERT INTO audit (run_id, env, at, actor, revision, dirty, action, kind, name, before, after, changes, drift) SELECT run_id, env, '2026-11-20T12:00:00.000Z', actor, revision, dirty, action, kind, name, before, after, changes, drift FROM audit WHERE id = 4",
    );
    expect((await promotionOrder(repo, { state: `sqlite:${file}` })).check.reason).toBe(
      refused(file, 5, 'was added outside slipway'),
    );
  });

  it.skipIf(!pgAvailable)('on PostgreSQL too, from $SLIPWAY_STATE', async () => {
    const url = freshPgUrl();
    await pgWithApplies(url, 'staging', APPLIED);
    await tamperPg(url, "UPDATE audit SET at = '2026-11-20T06:00:00.000Z' WHERE id = 4");
    expect(await promotionOrder(repo, { env: { SLIPWAY_STATE: url } })).toEqual({
      soak: `state store ${url}`,
      check: {
        check: 'promotion-order',
        verdict: 'fail',
        reason: refused(url, 4, 'was changed after it was written'),
        evidence: `state store ${url}`,
      },
    });
  });
});

describe("promote's advisory gate reads the same evidence", { timeout: 120_000 }, () => {
  /** main as above, checked out clean; `slipway promote fraud-detector@3.3.0 --to prod --canary 10`. */
  async function promote(repo: TestRepo, env: Record<string, string> = {}) {
    const r = await runCli(['promote', 'fraud-detector@3.3.0', '--to', 'prod', '--canary', '10', '--repo', repo.dir], {
      now,
      env,
    });
    expect(r.code).toBe(0);
    return r.stdout;
  }
  const fresh = (): TestRepo => {
    const repo = promotionRepo();
    repo.git('branch', '-D', 'promote');
    return repo;
  };

  it('the default store with a tampered row: the advisory gate refuses its evidence', async () => {
    const repo = fresh();
    const file = path.join(repo.dir, '.slipway', 'state.db');
    mkdirSync(path.dirname(file));
    await sqliteWithApplies(file, 'staging', APPLIED);
    tamperSqlite(file, "UPDATE audit SET at = '2026-11-20T06:00:00.000Z' WHERE id = 4");
    const out = await promote(repo);
    expect(out).toContain('soak evidence: state store .slipway/state.db;');
    expect(out).toContain(
      `    ✗ promotion-order  ${refused('.slipway/state.db', 4, 'was changed after it was written')} [state store .slipway/state.db]\n`,
    );
  });

  it('$SLIPWAY_STATE with an intact log: the applied history', async () => {
    const repo = fresh();
    const file = path.join(tempDir(), 'state.db');
    await sqliteWithApplies(file, 'staging', APPLIED);
    const out = await promote(repo, { SLIPWAY_STATE: `sqlite:${file}` });
    expect(out).toContain(`    ✗ promotion-order  ${HONEST} [state store ${file}]\n`);
  });

  it('no store: git history, with the same clamps as the gate', async () => {
    const repo = fresh();
    // A commit backdated 30 days, fast-forwarded onto main after a commit of 10:00 today.
    repo.commit({ 'environments/dev/notes.yaml': '# notes\n' }, { date: '2026-11-28T10:00:00Z' });
    const sneak = repo.commit(
      { [deploymentFile('staging')]: deployment('staging', [['3.2.0', 100]]) },
      { date: '2026-10-29T12:00:00Z' },
    );
    repo.commit(
      { [deploymentFile('staging')]: deployment('staging', [['3.3.0', 100]]) },
      { date: '2026-10-29T12:00:01Z' },
    );
    const out = await promote(repo);
    const base = repo.head();
    expect(out).toContain(
      `soak evidence: git history of ${base} (no applied history: state store .slipway/state.db does not exist);`,
    );
    expect(out).toContain(
      `    ✗ promotion-order  live at 100% in staging/fraud-detector for 2h only; prod requires a soak of 24h (ready at 2026-11-29T10:00:00.000Z); counted from 2026-11-28T10:00:00.000Z, not from 2026-10-29T12:00:01.000Z (the date of commit ${base.slice(0, 7)}): a commit before it on the branch is dated later [git history of ${base}]\n`,
    );
    expect(out).toContain(`  ! 2 commits of ${base} are dated earlier than a commit before them on the branch;`);
    expect(sneak).not.toBe(base);
  });

  it('an unreachable PostgreSQL store: the advisory gate is not run, and says why', async () => {
    const repo = fresh();
    const out = await promote(repo, { SLIPWAY_STATE: 'postgres://slipway@127.0.0.1:1/nowhere' });
    expect(out).toMatch(
      /\ngate: not run \(cannot connect to state store postgres:\/\/slipway@127\.0\.0\.1:1\/nowhere \(.*\)\)\n/,
    );
  });
});
