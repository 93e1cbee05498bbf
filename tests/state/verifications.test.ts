/**
 * `data verify` runs in the state store (schema version 6), on SQLite and PostgreSQL: recorded a
 * row per source, read back as each source's newest result (or newest passing one); `status`
 * shows them per environment.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { StateStore, VerificationRun } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { runCli } from '../support/cli.js';
import { exampleRepo } from '../support/example-repo.js';
import { freshPgUrl, pgAvailable } from '../support/postgres.js';
import { tempDir } from '../support/tree.js';

const ENGINES = [
  {
    name: 'SQLite',
    available: true,
    fresh: () => path.join(tempDir(), 'state.db'),
    flag: (file: string) => `sqlite:${file}`,
    open: (file: string) => openSqliteStore(file, { display: 'state.db' }),
  },
  {
    name: 'PostgreSQL',
    available: pgAvailable,
    fresh: freshPgUrl,
    flag: (url: string) => url,
    open: (url: string) => openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true }),
  },
];

const summary = (passed: number, failed = 0) => ({ passed, failed, errors: 0, skipped: 0 });
const run = (at: string, runId: string, sources: VerificationRun['sources'], env = 'prod'): VerificationRun => ({
  env,
  at,
  revision: 'abc1234',
  dirty: false,
  runId,
  sources,
});

describe.each(ENGINES.map((e) => [e.name, e] as const))('%s: verifications', (_name, engine) => {
  const test = it.skipIf(!engine.available);

  async function withStore(fn: (store: StateStore) => Promise<void>): Promise<void> {
    const store = await engine.open(engine.fresh());
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  }

  test('records a row per source; reads each newest, or newest passing', () =>
    withStore(async (store) => {
      expect(await store.lastVerifications('prod')).toEqual([]);
      await store.recordVerification(
        run('2026-11-01T10:00:00.000Z', 'r1', [
          { source: 'transactions', engine: 'postgres', status: 'pass', summary: summary(5) },
          { source: 'chargebacks', engine: 'csv', status: 'pass', summary: summary(7) },
        ]),
      );
      await store.recordVerification(
        run('2026-11-02T10:00:00.000Z', 'r2', [
          { source: 'transactions', engine: 'postgres', status: 'fail', summary: summary(4, 1) },
        ]),
      );
      await store.recordVerification(
        run(
          '2026-11-03T10:00:00.000Z',
          'r3',
          [{ source: 'transactions', engine: 'postgres', status: 'pass', summary: summary(5) }],
          'staging',
        ),
      );
      expect(await store.lastVerifications('prod')).toEqual([
        {
          env: 'prod',
          at: '2026-11-01T10:00:00.000Z',
          revision: 'abc1234',
          runId: 'r1',
          source: 'chargebacks',
          engine: 'csv',
          status: 'pass',
          summary: summary(7),
        },
        {
          env: 'prod',
          at: '2026-11-02T10:00:00.000Z',
          revision: 'abc1234',
          runId: 'r2',
          source: 'transactions',
          engine: 'postgres',
          status: 'fail',
          summary: summary(4, 1),
        },
      ]);
      const passing = await store.lastVerifications('prod', { status: 'pass' });
      expect(passing.map((v) => [v.source, v.runId])).toEqual([
        ['chargebacks', 'r1'],
        ['transactions', 'r1'],
      ]);
    }));

  test('`data verify` records its run; `status` shows each source and its age; --no-record records nothing', async () => {
    const where = engine.fresh();
    const { repo } = exampleRepo();
    const opts = { cwd: repo.dir, env: { SLIPWAY_ACTOR: 'dave' } };
    const state = engine.flag(where);
    await runCli(['data', 'verify', '--env', 'dev', '--state', state, '--no-record'], {
      ...opts,
      now: new Date('2026-11-28T09:00:00Z'),
    });
    if (engine.name === 'SQLite') {
      // Nothing recorded: the store was not even created.
      const status = await runCli(['status', '--env', 'dev', '--state', state], opts);
      expect(status.code).toBe(2);
    }
    const verify = await runCli(['data', 'verify', '--env', 'dev', '--state', state, '--source', 'chargebacks'], {
      ...opts,
      now: new Date('2026-11-28T09:00:00Z'),
    });
    expect(verify.code, verify.stderr).toBe(0);
    const status = await runCli(['status', '--env', 'dev', '--state', state], {
      ...opts,
      now: new Date('2026-11-28T12:00:00Z'),
    });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout.startsWith('dev: never applied\n  sync: OutOfSync with main')).toBe(true);
    expect(
      status.stdout.endsWith('\n  data: passed, verified 3h ago (1 data source)\n    chargebacks  passed 3h ago\n'),
    ).toBe(true);
    const json = JSON.parse(
      (await runCli(['status', '--env', 'dev', '--state', state, '--format', 'json'], opts)).stdout,
    );
    expect(json.environments[0].data).toEqual({
      at: '2026-11-28T09:00:00.000Z',
      outcome: 'passed',
      sources: 1,
      failing: [],
      results: [
        {
          source: 'chargebacks',
          outcome: 'passed',
          at: '2026-11-28T09:00:00.000Z',
          revision: expect.stringMatching(/^[0-9a-f]{40}$/),
        },
      ],
    });
    // What was stored: statuses and counts, nothing else.
    if (engine.name === 'SQLite') {
      const db = new Database(where, { readonly: true });
      const cols = db.prepare('SELECT * FROM verifications').all();
      db.close();
      expect(cols).toEqual([
        expect.objectContaining({
          env: 'dev',
          source: 'chargebacks',
          engine: 'csv',
          status: 'pass',
          summary: '{"passed":7,"failed":0,"errors":0,"skipped":0}',
        }),
      ]);
    }
  });
});
