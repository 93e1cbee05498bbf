import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileRepo } from '../support/reconcile-repo.js';
import { TestRepo } from '../support/tree.js';

// Faults of the store during an apply, in a real child process: a paused run whose lease was
// taken over (a zombie), a PostgreSQL connection cut mid-apply.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const main = path.join(root, 'dist/cli/bin.cjs');

beforeAll(() => {
  if (!existsSync(main)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
}, 120_000);

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `slipway` in a child process; `onProgress` runs once, at its first progress line. */
export function slipway(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  onProgress?: (child: ChildProcess) => Promise<void> | void,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd,
      env: { ...process.env, GITHUB_ACTOR: 'fault-test', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    let fired = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (onProgress && !fired && /^applied \d+\/\d+ changes$/m.test(stderr)) {
        fired = true;
        void Promise.resolve(onProgress(child)).catch(reject);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a write under a lease that is no longer ours', () => {
  it('a paused run whose lease was taken over writes nothing more, says so, and leaves the new holder alone', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo({ deployments: 2995 }));
    const file = path.join(repo.dir, '.slipway/state.db');
    let atTakeOver = -1;
    const r = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, {}, (child) => {
      // The run stops (a long GC pause, a suspended VM) while its lease is taken over.
      child.kill('SIGSTOP');
      const db = new Database(file);
      db.transaction(() => {
        db.prepare(
          "UPDATE locks SET id = 'other-run', owner = 'mallory', expires_at = '2999-01-01T00:00:00.000Z' WHERE env = 'prod'",
        ).run();
        atTakeOver = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'").get() as { n: number }).n;
      }).immediate();
      db.close();
      child.kill('SIGCONT');
    });
    expect(atTakeOver, r.stderr).toBeGreaterThan(0);
    expect(atTakeOver, 'the run finished before it could be paused').toBeLessThan(3000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /\nerror: lost the lock of prod: another run took it over after the lease expired\nhint: run plan again to see what was applied\n$/,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const db = new Database(file, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    // Not one row after the lease changed hands; every resource row has its audit row.
    expect(count("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'")).toBe(atTakeOver);
    expect(count("SELECT COUNT(*) AS n FROM resources WHERE env = 'prod'")).toBe(atTakeOver);
    expect(db.prepare("SELECT id, owner FROM locks WHERE env = 'prod'").get()).toEqual({
      id: 'other-run',
      owner: 'mallory',
    });
    db.close();

    // Control: once the other run is done with the lock, apply finishes the job.
    new Database(file).prepare("DELETE FROM locks WHERE env = 'prod'").run();
    const finish = await slipway(['apply', '--env', 'prod', '--yes', '--repo', repo.dir], repo.dir, {});
    expect(finish.code, finish.stderr).toBe(0);
    expect(finish.stdout).toContain(`Apply complete: ${3000 - atTakeOver} added, 0 changed, 0 destroyed in prod`);
  }, 120_000);
});
