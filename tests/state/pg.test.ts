import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/state/open.js';
import type { StateStore } from '../../src/state/store.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { runCli } from '../support/cli.js';
import { PG_BASE, freshPgUrl, pgAvailable, schemaOf, withPg } from '../support/postgres.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { gitRepo } from '../support/config-repo.js';

// What every store does is in contract.test.ts; here is what only PostgreSQL has: schemas, a server.
const open = (url: string): Promise<StateStore> =>
  openStore(resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' }), { create: true });

describe.skipIf(!pgAvailable)('PostgreSQL state store', () => {
  it('keeps its tables in the schema its URL names, and refuses a name that is not a plain identifier', async () => {
    const url = freshPgUrl();
    const store = await open(url);
    await store.record(
      {
        env: 'prod',
        revision: 'a'.repeat(40),
        dirty: false,
        actor: 'alice',
        at: '2026-11-01T10:00:00.000Z',
        runId: 'r',
      },
      [{ action: 'create', kind: 'Consumer', name: 'c', after: { spec: {} }, hash: 'h', changes: [] }],
    );
    await store.close();
    const schema = schemaOf(url);
    await withPg(async (client) => {
      const tables = await client.query(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual([
        'audit',
        'locks',
        'resources',
        'schema_migrations',
        'verifications',
      ]);
      await expect(client.query(`DELETE FROM "${schema}".audit`)).rejects.toThrow(/append-only/);
      await expect(client.query(`UPDATE "${schema}".audit SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      expect((await client.query(`SELECT version FROM "${schema}".schema_migrations`)).rows).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
        { version: 4 },
        { version: 5 },
        { version: 6 },
        { version: 7 },
      ]);
      expect((await client.query(`SELECT name FROM "${schema}".resources`)).rows).toEqual([{ name: 'c' }]);
    });
    await expect(open(`${PG_BASE}?schema=Not-Plain`)).rejects.toThrow(
      'state URL: schema "Not-Plain" is not a plain lowercase identifier',
    );
  });

  it('plan, apply, history and status run against it end to end', async () => {
    const url = freshPgUrl();
    const repo = gitRepo(reconcileRepo());
    const sha = repo.head();
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { SLIPWAY_STATE: url, GITHUB_ACTOR: 'octocat' } });
    expect((await cli('plan', '--env', 'prod', '--detailed-exitcode')).code).toBe(2);
    const applied = await cli('apply', '--env', 'prod', '--yes');
    expect(applied.stdout).toContain(
      `Apply complete: 7 added, 0 changed, 0 destroyed in prod (revision ${sha.slice(0, 7)}, by octocat).`,
    );
    expect((await cli('apply', '--env', 'prod', '--yes')).stdout).toBe(
      `No changes. prod matches revision ${sha.slice(0, 7)}.\n`,
    );
    const status = JSON.parse((await cli('status', '--env', 'prod', '--format', 'json')).stdout) as {
      environments: Array<{ resources: number; lastApply: { actor: string } }>;
    };
    expect(status.environments[0]).toMatchObject({ resources: 7, lastApply: { actor: 'octocat' } });
  }, 120_000);

  it('an unreachable server is a clear error', async () => {
    const r = await runCli(['status', '--state', 'postgres://root@127.0.0.1:1/test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: cannot connect to state store postgres:\/\/root@127\.0\.0\.1:1\/test \(.*\)\nhint: check the host, port and that PostgreSQL is running\n$/,
    );
  });
});
