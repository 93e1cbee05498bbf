import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_CLI, ensureBuilt, type Child } from '../support/dist-cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { gitRepo, TestRepo } from '../support/config-repo.js';
import { expectResourcesMatchAudit } from '../support/store-consistency.js';

beforeAll(ensureBuilt, 120_000);

/** When to SIGKILL a child: after its k-th progress line (plus a delay), or after a delay from spawn. */
type KillAt = { afterProgress: number; delayMs: number } | { afterMs: number };

/** Runs `slipway` in a child process, maybe killing it. */
function slipway(args: string[], cwd: string, killAt?: KillAt): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      cwd,
      env: { ...process.env, GITHUB_ACTOR: 'kill-test', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    let armed = false;
    const arm = (ms: number) => {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), ms);
    };
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (
        killAt &&
        'afterProgress' in killAt &&
        !armed &&
        (stderr.match(/^applied \d+\/\d+ changes$/gm) ?? []).length >= killAt.afterProgress
      )
        arm(killAt.delayMs);
    });
    if (killAt && 'afterMs' in killAt) arm(killAt.afterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A seeded generator, so a failing run can be reproduced. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The store's invariants: a sound file, and every resource row matching the newest audit row of its resource. */
function checkConsistent(file: string): { resources: number; audit: number } {
  if (!existsSync(file)) return { resources: 0, audit: 0 };
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Killed while the file was being created: no migration may have half-happened.
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    ).map((t) => t.name);
    if (!tables.includes('resources')) {
      if (tables.includes('schema_migrations'))
        expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
      return { resources: 0, audit: 0 };
    }
    const resources = expectResourcesMatchAudit(db, 'prod');
    const audit = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'").get() as { n: number }).n;
    return { resources, audit };
  } finally {
    db.close();
  }
}

describe('kill safety', () => {
  it('SIGKILL at random moments of a 2,000-resource apply leaves a consistent store, and the next apply converges', async () => {
    const repo = new TestRepo();
    // 1,995 deployments + Environment, DataSource, ErrorPolicy, AccessPolicy, Consumer = 2,000 resources.
    const a = repo.commit(reconcileRepo({ deployments: 1995 }));
    const b = repo.commit(
      reconcileRepo({
        deployments: 1500,
        traffic: [
          { version: '1.0.0', percent: 50 },
          { version: '2.0.0', percent: 50 },
        ],
      }),
    );
    const file = path.join(repo.dir, '.slipway/state.db');
    const next = random(20261128);
    const outcomes: string[] = [];

    for (let i = 0; i < 4; i++) {
      const rev = i % 2 === 0 ? a : b;
      // Half the kills land just after the k-th batch was recorded (the child reports progress on
      // standard error), so they hit the write phase; half at a random time from the start
      // (loading, planning, creating the file, locking or writing).
      const killAt: KillAt =
        i % 2 === 0
          ? { afterProgress: 1 + Math.floor(next() * 5), delayMs: Math.floor(next() * 3) }
          : { afterMs: Math.floor(next() * 2500) };
      const r = await slipway(['apply', '--env', 'prod', '--rev', rev, '--yes', '--repo', repo.dir], repo.dir, killAt);
      const counts = checkConsistent(file);
      outcomes.push(`${r.signal ?? `exit ${r.code}`}: ${counts.resources} resources, ${counts.audit} audit rows`);
      if (r.signal === null) expect(r.code, r.stderr).toBe(0);
      else expect(r.stderr).not.toMatch(/error/);
    }

    const finish = await slipway(['apply', '--env', 'prod', '--rev', a, '--yes', '--repo', repo.dir], repo.dir);
    expect(finish.code, `${finish.stderr}\n${outcomes.join('\n')}`).toBe(0);
    // At least one kill must have landed mid-way for the test to mean something.
    expect(
      outcomes.some((o) => /^SIGKILL: [1-9]/.test(o)),
      outcomes.join('\n'),
    ).toBe(true);
    expect(checkConsistent(file).resources).toBe(2000);
    const plan = await slipway(
      ['plan', '--env', 'prod', '--rev', a, '--detailed-exitcode', '--repo', repo.dir],
      repo.dir,
    );
    expect(plan.stdout).toBe(`No changes. prod matches revision ${a.slice(0, 7)}.\n`);
    expect(plan.code).toBe(0);
    const again = await slipway(['apply', '--env', 'prod', '--rev', a, '--yes', '--repo', repo.dir], repo.dir);
    expect(again.stdout).toBe(`No changes. prod matches revision ${a.slice(0, 7)}.\n`);
  }, 120_000);

  it('two processes applying at once never both write', async () => {
    const repo = gitRepo(reconcileRepo({ deployments: 295 }));
    const a = repo.head();
    const [x, y] = await Promise.all([
      slipway(['apply', '--env', 'prod', '--yes', '--lock-timeout', '60s', '--repo', repo.dir], repo.dir),
      slipway(['apply', '--env', 'prod', '--yes', '--lock-timeout', '60s', '--repo', repo.dir], repo.dir),
    ]);
    expect([x.code, y.code], x.stderr + y.stderr).toEqual([0, 0]);
    const applied = [x, y].filter((r) => r.stdout.includes('Apply complete: 300 added'));
    expect(applied).toHaveLength(1);
    const other = [x, y].find((r) => !r.stdout.includes('Apply complete'))!;
    expect(other.stdout).toMatch(
      new RegExp(
        `No changes\\. prod matches revision ${a.slice(0, 7)}( \\(another run applied it while this one waited for the lock\\))?\\.\\n$`,
      ),
    );
    expect(checkConsistent(path.join(repo.dir, '.slipway/state.db'))).toEqual({ resources: 300, audit: 300 });
  }, 60_000);
});
