import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/reconcile-repo.js';
import { TestRepo, tempDir } from '../support/tree.js';

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
