import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import jsYaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST_CLI, ensureBuilt, type Child } from '../support/dist-cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo } from '../support/config-repo.js';
import { expectResourcesMatchAudit } from '../support/store-consistency.js';

beforeAll(ensureBuilt, 120_000);

/** When to SIGKILL: a delay after the deploy commit is reported, or a delay from spawn. */
type KillAt = { afterCommitMs: number } | { afterMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether any process of a process group is alive. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `slipway` in its own process group, maybe SIGKILLing it (the node process only, as a
 * crash would: a git it started may outlive it). Resolves once every process of the group is
 * gone, so what is checked next is what the kill left.
 */
function slipway(args: string[], cwd: string, killAt?: KillAt): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      cwd,
      detached: true,
      env: { ...process.env, GITHUB_ACTOR: 'kill-test', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    let armed = false;
    const arm = (ms: number) => {
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), ms);
    };
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (killAt && 'afterCommitMs' in killAt && !armed && /^(Committed|Deploy branch \S+ already)/m.test(stdout))
        arm(killAt.afterCommitMs);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    if (killAt && 'afterMs' in killAt) arm(killAt.afterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      void (async () => {
        for (let i = 0; i < 100 && child.pid !== undefined && groupAlive(child.pid); i++) await sleep(50);
        resolve({ code, signal, stdout, stderr });
      })();
    });
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

/** The store's invariants, and every deploy commit an audit row names exists and was rendered from that row's revision. */
function checkStore(repo: TestRepo, file: string): { resources: number; audit: number } {
  if (!existsSync(file)) return { resources: 0, audit: 0 };
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    ).map((t) => t.name);
    if (!tables.includes('resources')) return { resources: 0, audit: 0 };
    const resources = expectResourcesMatchAudit(db, 'prod');
    const deploys = db.prepare("SELECT DISTINCT deploy_commit, revision FROM audit WHERE env = 'prod'").all() as Array<{
      deploy_commit: string | null;
      revision: string;
    }>;
    for (const d of deploys) {
      expect(d.deploy_commit, 'every row of a kubernetes apply names its deploy commit').not.toBeNull();
      const metadata = JSON.parse(repo.git('show', `${d.deploy_commit!}:manifests/hydrator.metadata`)) as {
        drySha: string;
      };
      expect(metadata.drySha).toBe(d.revision);
    }
    const audit = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE env = 'prod'").get() as { n: number }).n;
    return { resources, audit };
  } finally {
    db.close();
  }
}

/** A file at a revision (manifests of thousands of objects exceed execFileSync's default buffer). */
const show = (repo: TestRepo, spec: string): string =>
  execFileSync('git', ['show', spec], { cwd: repo.dir, encoding: 'utf8', maxBuffer: 1 << 28 });

const branchHead = (repo: TestRepo): string | null => {
  try {
    return repo.git('rev-parse', '--verify', '-q', 'refs/heads/deploy/prod').trim();
  } catch {
    return null;
  }
};

describe('kill safety of a kubernetes apply', () => {
  it('SIGKILL at random moments leaves the old or the new deploy commit, a sound repository and store, and the next apply converges', async () => {
    const repo = new TestRepo();
    // 1,500 deployments: 4,500 rendered objects, 1,505 recorded resources.
    const a = repo.commit(reconcileRepo({ kubernetes: {}, deployments: 1500 }), { message: 'Fleet a' });
    const b = repo.commit(
      reconcileRepo({
        kubernetes: {},
        deployments: 1200,
        traffic: [
          { version: '1.0.0', percent: 50 },
          { version: '2.0.0', percent: 50 },
        ],
      }),
      { message: 'Fleet b' },
    );
    const rendered = new Map<string, string>();
    // How long a render takes here (most of what an apply does before its commit): kills from the
    // start are spread over that, and a little beyond.
    let slowest = 0;
    for (const rev of [a, b]) {
      const started = Date.now();
      const r = await slipway(['render', '--env', 'prod', '--rev', rev, '--repo', repo.dir], repo.dir);
      slowest = Math.max(slowest, Date.now() - started);
      expect(r.code, r.stderr).toBe(0);
      rendered.set(rev, r.stdout);
    }
    expect(rendered.get(a)).not.toBe(rendered.get(b));
    const file = path.join(repo.dir, '.slipway/state.db');
    const next = random(20261130);
    const outcomes: string[] = [];

    for (let i = 0; i < 10; i++) {
      const rev = Math.floor(i / 2) % 2 === 0 ? a : b;
      const before = branchHead(repo);
      // Half the kills land just after the deploy commit is reported (while the rows are being
      // recorded); half at a random time from the start (loading, rendering, committing...).
      const killAt: KillAt =
        i % 2 === 0
          ? { afterCommitMs: Math.floor(next() * 40) }
          : { afterMs: Math.floor(slowest * (0.3 + next() * 1.2)) };
      const r = await slipway(['apply', '--env', 'prod', '--rev', rev, '--yes', '--repo', repo.dir], repo.dir, killAt);
      if (r.signal === null) expect(r.code, r.stderr).toBe(0);

      // The branch: the old commit, or one new commit on top of it holding this revision's manifests.
      const head = branchHead(repo);
      if (head !== before) {
        expect(head).not.toBeNull();
        const parents = repo.git('rev-list', '--parents', '-n', '1', head!).trim().split(' ').slice(1);
        expect(parents).toEqual(before === null ? [] : [before]);
        expect(show(repo, `${head!}:manifests/manifest.yaml`)).toBe(rendered.get(rev));
      }
      if (head !== null) {
        const manifest = show(repo, `${head}:manifests/manifest.yaml`);
        expect(() => jsYaml.loadAll(manifest, undefined, { schema: jsYaml.CORE_SCHEMA })).not.toThrow();
        const { drySha } = JSON.parse(repo.git('show', `${head}:manifests/hydrator.metadata`)) as { drySha: string };
        expect(manifest).toBe(rendered.get(drySha));
      }
      execFileSync('git', ['fsck', '--no-dangling', '--no-progress'], { cwd: repo.dir, stdio: 'pipe' });
      const counts = checkStore(repo, file);
      outcomes.push(
        `${r.signal ?? `exit ${r.code}`} (${rev === a ? 'a' : 'b'}): branch ${head === before ? 'kept' : 'moved'}, ${counts.resources} resources, ${counts.audit} audit rows`,
      );
    }

    const finish = await slipway(['apply', '--env', 'prod', '--rev', a, '--yes', '--repo', repo.dir], repo.dir);
    expect(finish.code, `${finish.stderr}\n${outcomes.join('\n')}`).toBe(0);
    // At least one kill must have landed between the deploy commit and the last row.
    expect(
      outcomes.some((o) => /^SIGKILL .*branch moved, (?!1505 )\d+ resources/.test(o)),
      outcomes.join('\n'),
    ).toBe(true);
    expect(show(repo, 'deploy/prod:manifests/manifest.yaml')).toBe(rendered.get(a));
    expect(checkStore(repo, file).resources).toBe(1505);
    const plan = await slipway(
      ['plan', '--env', 'prod', '--rev', a, '--detailed-exitcode', '--repo', repo.dir],
      repo.dir,
    );
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toMatch(
      new RegExp(
        `^No changes\\. prod matches revision ${a.slice(0, 7)}\\.\\n\\nDeploy branch deploy/prod at [0-9a-f]{7} holds these manifests \\(4500 objects\\)\\.\\n`,
      ),
    );
    const head = branchHead(repo);
    const again = await slipway(['apply', '--env', 'prod', '--rev', a, '--yes', '--repo', repo.dir], repo.dir);
    expect(again.stdout).toBe(`No changes. prod matches revision ${a.slice(0, 7)}.\n`);
    expect(branchHead(repo)).toBe(head);
  }, 240_000);
});
