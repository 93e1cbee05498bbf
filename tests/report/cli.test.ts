import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo, withFiles } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';

const cli = (repo: TestRepo, ...argv: string[]) =>
  runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { GITHUB_ACTOR: 'alice' } });

describe('slipway report', () => {
  it('writes slipway-report.html in the working directory by default, and replaces it whole', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    await cli(repo, 'apply', '--env', 'dev', '--yes');
    const r = await cli(repo, 'report');
    expect(r).toEqual({
      code: 0,
      stdout: 'Report written to slipway-report.html: 2 environments, 2 deployments, 0 pending promotions.\n',
      stderr: '',
    });
    const file = path.join(repo.dir, 'slipway-report.html');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('acme: operator report');
    writeFileSync(file, 'old');
    expect((await cli(repo, 'report')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(html);
    expect(readdirSync(repo.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads the configuration at --rev, and refuses one that does not validate (exit 1)', async () => {
    const repo = new TestRepo();
    const a = repo.commit(reconcileRepo());
    await cli(repo, 'apply', '--env', 'dev', '--yes');
    repo.commit(
      withFiles(reconcileRepo(), {
        'environments/dev/bad.yaml': 'apiVersion: slipway.dev/v1\nkind: ErrorPolicy\nmetadata: {name: x}\n',
      }),
    );
    const refused = await cli(repo, 'report', '--out', 'r.html');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /error: refusing to write the report: the configuration at revision main is invalid \(run `slipway validate` for details\)\n$/,
    );
    expect(existsSync(path.join(repo.dir, 'r.html'))).toBe(false);
    const old = await cli(repo, 'report', '--out', 'r.html', '--rev', a);
    expect(old.code).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'r.html'), 'utf8')).toContain('Synced');
  });

  it('without the default branch, reads the working tree, and the sync is unknown', async () => {
    const repo = new TestRepo(tempDir());
    repo.write(reconcileRepo());
    // Not a commit: the repository has none, so there is no branch to compare with.
    const r = await cli(repo, 'report', '--out', 'page.html');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'page.html'), 'utf8')).toContain('no default branch to compare with');
  });

  it('an unwritable --out is an environment error (exit 2) naming the flag', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    writeFileSync(path.join(repo.dir, 'file'), '');
    const r = await cli(repo, 'report', '--out', 'file/page.html');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: cannot write \S+page\.html: .*\nhint: pass --out a file path in an existing, writable folder\n$/,
    );
  });
});
