import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/reconcile-repo.js';
import { TestRepo, tempDir, writeFiles } from '../support/tree.js';

// Issue 12 ("Close every way around the controls") and issue 13 ("Harden the trust boundaries"):
// each control is tried the way someone would try to walk around it, on a real git repository.

const env = { GITHUB_ACTOR: '' };
const cli = (repo: TestRepo, ...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env });

describe('the embedded store is never committed', () => {
  it('the command that creates .slipway/ writes a .gitignore of *, so git add -A leaves the state out', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo());
    expect((await cli(repo, 'apply', '--env', 'dev', '--yes')).code).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.slipway/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    repo.git('add', '-A');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('ls-files', '.slipway')).toBe('');

    // Control: a store outside .slipway/ gets no .gitignore written next to it.
    const elsewhere = tempDir();
    const r = await cli(repo, 'apply', '--env', 'dev', '--yes', '--state', `sqlite:${elsewhere}/state.db`);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(elsewhere, '.gitignore'))).toBe(false);
  });
});

describe('apply outside a git repository', () => {
  it('says the folder is not a git repository, not that it has uncommitted changes', async () => {
    const dir = tempDir();
    writeFiles(dir, reconcileRepo({ promotion: true }));
    const run = (...argv: string[]) => runCli([...argv, '--repo', dir], { cwd: dir, env });
    const prod = await run('apply', '--env', 'prod', '--yes');
    expect(prod).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: environment prod has a promotion policy: apply needs a git repository, and ${dir} is not one\nhint: run apply in a clone of the configuration repository, or pass --repo with one\n`,
    });
    expect(existsSync(path.join(dir, '.slipway'))).toBe(false);

    // Control: an environment without a promotion policy applies a plain folder, and says what it applied.
    const dev = await run('apply', '--env', 'dev', '--yes');
    expect(dev.code).toBe(0);
    expect(dev.stdout).toMatch(/^Plan for dev from revision working-tree \(no git commit\):$/m);
    expect(dev.stdout).toMatch(
      /^Apply complete: 7 added, 0 changed, 0 destroyed in dev \(revision working-tree \(no git commit\), by /m,
    );
  });

  it('a repository with no commit yet says so', async () => {
    const repo = new TestRepo();
    repo.write(reconcileRepo({ promotion: true }));
    const r = await cli(repo, 'apply', '--env', 'prod', '--yes');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: environment prod has a promotion policy: the repository ${repo.dir} has no commit yet\nhint: commit the configuration (through a reviewed pull request), then apply that commit\n`,
    });
  });
});
