import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitTree } from '../../src/git/tree.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import type { TreeFile } from '../../src/load/tree.js';
import { hasHiddenPart, isConfigPath } from '../../src/load/tree.js';
import { validateTree } from '../../src/validate/index.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo } from '../support/config-repo.js';

const summary = (files: TreeFile[]): string[] => files.map((f) => `${f.path} ${f.status}`);

/** Documents that would fail validation if read: a hidden file must never be judged. */
const BROKEN = 'apiVersion: slipway.dev/v1\nkind: Deployment\nmetadata: {name: hidden}\nspec: {mode: nonsense}\n';

describe('hidden files and folders: one rule for the working tree and git', () => {
  const repo = new TestRepo();
  repo.write({
    ...reconcileRepo(),
    '.github/workflows/ci.yaml': 'on: push\n',
    '.slipway.yaml': BROKEN,
    'environments/.drafts/d.yaml': BROKEN,
    'environments/prod/.hidden.yaml': BROKEN,
    'environments/prod/.wip/next.yaml': BROKEN,
    'models/.cache/m.yaml': BROKEN,
    'models/m/.notes/n.yml': BROKEN,
    'shared/.private/p.yaml': BROKEN,
    'shared/visible/v.yaml': 'apiVersion: slipway.dev/v1\nkind: Nonsense\n',
  });
  // A hidden link, and a visible link to a folder holding a hidden folder.
  symlinkSync('../../shared/visible', path.join(repo.dir, 'environments/prod/.link'));
  symlinkSync('../../shared', path.join(repo.dir, 'environments/prod/shared'));
  const sha = repo.commit();

  it('the predicate: a path with a hidden part is never a config path', () => {
    expect(isConfigPath('environments/dev/d.yaml')).toBe(true);
    for (const p of ['environments/.drafts/d.yaml', 'environments/dev/.hidden.yaml', 'models/m/.x/y.yml'])
      expect([p, isConfigPath(p), hasHiddenPart(p)]).toEqual([p, false, true]);
    expect(hasHiddenPart('environments/dev/v1.2.yaml')).toBe(false);
  });

  it('the working tree and the commit list the same files', async () => {
    const fromDisk = summary(await fsTree(repo.dir).readFiles());
    const fromGit = summary(await gitTree(repo.dir, sha).readFiles());
    expect(fromDisk).toEqual(fromGit);
    expect(fromDisk.filter((f) => /(^|\/)\./.test(f))).toEqual([]);
    expect(fromDisk).toContain('environments/prod/shared/visible/v.yaml ok');
  });

  it('validate (working tree) and the gate (the commit) judge the same documents', async () => {
    const disk = validateTree(await loadTree(fsTree(repo.dir)));
    const git = validateTree(await loadTree(gitTree(repo.dir, sha)));
    const shape = (r: typeof disk) => ({
      files: r.fileCount,
      documents: r.documentCount,
      diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`),
    });
    expect(shape(disk)).toEqual(shape(git));
    expect(shape(disk).diagnostics).toEqual(['environments/prod/shared/visible/v.yaml:2 unknown-kind']);
    const cli = await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir });
    expect(cli.stdout).toContain(`1 error, 0 warnings in ${disk.fileCount} files`);
  });
});
