/**
 * Which state store the gate reads soak evidence from (issue 12, point 8): `--state`, then
 * `$SLIPWAY_STATE`, then `spec.state.url` of the base revision (never the head's), then
 * `sqlite:.slipway/state.db`. A SQLite store that does not exist holds no applied history: the
 * gate falls back to git and says so. An unreachable PostgreSQL store is an error (exit 2).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type RunOptions } from '../support/cli.js';
import { pgWithApplies, sqliteWithApplies, type Applied } from '../support/applied.js';
import { gateRepo, project } from '../support/base-gate.js';
import type { TestRepo } from '../support/config-repo.js';
import { freshPgUrl, pgAvailable } from '../support/postgres.js';
import { promotionRepo } from '../support/gate-pr.js';
import { tempDir } from '../support/tree.js';

const now = new Date('2026-11-28T12:00:00Z');

/** Merged to main on Nov 20, applied to staging only on Nov 28 at 06:00. */
const APPLIED: Applied[] = [
  ['2026-11-01T11:00:00.000Z', '3.2.0'],
  ['2026-11-28T06:00:00.000Z', '3.3.0'],
];
/** What a forged store would say: applied on Nov 1. */
const FORGED: Applied[] = [['2026-11-01T11:00:00.000Z', '3.3.0']];

const FROM_STORE =
  'live at 100% in staging/fraud-detector for 6h only; prod requires a soak of 24h (ready at 2026-11-29T06:00:00.000Z)';
const FROM_GIT = 'live at 100% in staging/fraud-detector since 2026-11-20T10:00:00.000Z (8d 2h ≥ soak 24h)';

type Check = { check: string; verdict: string; reason: string; evidence?: string };
interface GateDoc {
  evidence: { soak: string; soakSource: unknown };
  changes: Array<{ checks: Check[] }>;
}

async function gateJson(repo: TestRepo, extra: string[] = [], options: RunOptions = {}) {
  const r = await runCli(
    ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'json', ...extra],
    { now, ...options },
  );
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as GateDoc;
  return { doc, order: doc.changes.flatMap((c) => c.checks).find((c) => c.check === 'promotion-order')! };
}

describe('gate: the state store, found as every command finds it', { timeout: 120_000 }, () => {
  let repo: TestRepo;
  let applied: string;
  let forged: string;
  beforeAll(async () => {
    repo = promotionRepo();
    applied = path.join(tempDir(), 'applied.db');
    forged = path.join(tempDir(), 'forged.db');
    await sqliteWithApplies(applied, 'staging', APPLIED);
    await sqliteWithApplies(forged, 'staging', FORGED);
  });

  it('$SLIPWAY_STATE: the applied history, not the merge date', async () => {
    const { doc, order } = await gateJson(repo, [], { env: { SLIPWAY_STATE: `sqlite:${applied}` } });
    expect(doc.evidence.soak).toBe(`state store ${applied}`);
    expect(doc.evidence.soakSource).toEqual({ kind: 'state-store', store: applied });
    expect(order).toEqual({
      check: 'promotion-order',
      verdict: 'fail',
      reason: FROM_STORE,
      evidence: `state store ${applied}`,
    });
  });

  it('--state comes before $SLIPWAY_STATE', async () => {
    const { order } = await gateJson(repo, ['--state', `sqlite:${applied}`], {
      env: { SLIPWAY_STATE: `sqlite:${forged}` },
    });
    expect(order).toMatchObject({ verdict: 'fail', reason: FROM_STORE, evidence: `state store ${applied}` });
  });

  it('the default sqlite:.slipway/state.db, when it exists, is read', async () => {
    const own = promotionRepo();
    mkdirSync(path.join(own.dir, '.slipway'));
    copyFileSync(applied, path.join(own.dir, '.slipway', 'state.db'));
    const { doc, order } = await gateJson(own);
    expect(doc.evidence.soak).toBe('state store .slipway/state.db');
    expect(order).toMatchObject({ verdict: 'fail', reason: FROM_STORE, evidence: 'state store .slipway/state.db' });
  });

  it('a fresh clone without the default store falls back to git history, and says so in every format', async () => {
    const { doc, order } = await gateJson(repo);
    const said = 'git history of main (no applied history: state store .slipway/state.db does not exist)';
    expect(doc.evidence.soak).toBe(said);
    expect(doc.evidence.soakSource).toEqual({
      kind: 'git-history',
      rev: 'main',
      fallback: { reason: 'store-missing', store: '.slipway/state.db', from: 'default' },
    });
    expect(order).toEqual({
      check: 'promotion-order',
      verdict: 'pass',
      reason: FROM_GIT,
      evidence: 'git history of main',
    });

    const text = await runCli(['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote'], { now });
    expect(text.stdout.split('\n')[1]).toContain(`; soak evidence: ${said}; reviews:`);
    const markdown = await runCli(
      ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'markdown'],
      { now },
    );
    expect(markdown.stdout).toContain(` · soak evidence: ${said} · `);
  });

  it('a store named with --state or $SLIPWAY_STATE that does not exist: git history, naming the store', async () => {
    const missing = path.join(tempDir(), 'typo.db');
    const flag = await gateJson(repo, ['--state', `sqlite:${missing}`]);
    expect(flag.doc.evidence.soak).toBe(
      `git history of main (no applied history: state store ${missing}, named by --state, does not exist)`,
    );
    expect(flag.doc.evidence.soakSource).toEqual({
      kind: 'git-history',
      rev: 'main',
      fallback: { reason: 'store-missing', store: missing, from: '--state' },
    });
    expect(flag.order.reason).toBe(FROM_GIT);
    const env = await gateJson(repo, [], { env: { SLIPWAY_STATE: `sqlite:${missing}` } });
    expect(env.doc.evidence.soak).toBe(
      `git history of main (no applied history: state store ${missing}, named by $SLIPWAY_STATE, does not exist)`,
    );
  });

  it("spec.state.url of the base revision is read; the head's own URL is not", async () => {
    // The pull request points spec.state.url at a store that says 3.3.0 was applied on Nov 1.
    const url = (file: string) => project(`  state: {url: "sqlite:store/${file}"}\n`);
    const own = promotionRepo(
      { ...gateRepo(), 'slipway.yaml': url('applied.db') },
      { 'slipway.yaml': url('forged.db') },
    );
    mkdirSync(path.join(own.dir, 'store'));
    copyFileSync(applied, path.join(own.dir, 'store', 'applied.db'));
    copyFileSync(forged, path.join(own.dir, 'store', 'forged.db'));
    const { doc, order } = await gateJson(own);
    expect(doc.evidence.soak).toBe('state store store/applied.db');
    expect(order).toMatchObject({ verdict: 'fail', reason: FROM_STORE, evidence: 'state store store/applied.db' });

    // A base that is not the default branch cannot name another store than the default branch does.
    own.git('branch', 'other', 'promote');
    const other = await runCli(
      ['gate', '--repo', own.dir, '--base', 'other', '--head', 'promote', '--format', 'json'],
      { now },
    );
    expect(other.code).toBe(1);
    expect(other.stdout).toBe('');
    expect(other.stderr).toBe(
      'error: slipway.yaml spec.state.url differs between the base revision other (sqlite:store/forged.db) and the default branch main (sqlite:store/applied.db): Slipway connects only to the store the default branch names\n' +
        'hint: choose the store yourself with --state URL (or SLIPWAY_STATE), or merge the change to the default branch first\n',
    );
  });

  it('an unreachable PostgreSQL store is an error (exit 2), never a fallback to git', async () => {
    const url = 'postgres://slipway@127.0.0.1:1/nowhere';
    for (const options of [{ argv: ['--state', url] }, { argv: [], env: { SLIPWAY_STATE: url } }]) {
      const r = await runCli(
        ['gate', '--repo', repo.dir, '--base', 'main', '--head', 'promote', '--format', 'json', ...options.argv],
        { now, ...(options.env ? { env: options.env } : {}) },
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^error: cannot connect to state store postgres:\/\/slipway@127\.0\.0\.1:1\/nowhere \(.*ECONNREFUSED.*\)\nhint: check the host, port and that PostgreSQL is running; the gate reads soak evidence from this store, and never falls back to git history for a store it cannot read\n$/,
      );
    }
  });

  it.skipIf(!pgAvailable)('a PostgreSQL store named by $SLIPWAY_STATE: its applied history', async () => {
    const url = freshPgUrl();
    await pgWithApplies(url, 'staging', APPLIED);
    const { doc, order } = await gateJson(repo, [], { env: { SLIPWAY_STATE: url } });
    expect(doc.evidence.soak).toBe(`state store ${url}`);
    expect(order).toMatchObject({ verdict: 'fail', reason: FROM_STORE, evidence: `state store ${url}` });
  });
});
