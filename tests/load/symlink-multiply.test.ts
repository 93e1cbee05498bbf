import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gitTree } from '../../src/git/tree.js';
import { fsTree } from '../../src/load/fs-tree.js';
import type { TreeFile } from '../../src/load/tree.js';
import { TestRepo } from '../support/config-repo.js';

const compiledReadAhead = (await import(
  pathToFileURL(path.resolve('dist/load/read-ahead.js')).href
)) as typeof import('../../src/load/read-ahead.js');

const summary = (files: TreeFile[]): string[] =>
  files.map((f) => `${f.path} ${f.status}${f.status === 'unreadable' ? `: ${f.reason}` : ''}`);

/** Folders chained by two links each: 2^DEPTH paths through them, DEPTH + 1 real folders. */
const DEPTH = 24;
const ENV = 'apiVersion: slipway.dev/v1\nkind: Environment\nmetadata: {name: dev}\nspec: {target: {type: local}}\n';

function hostileRepo(): TestRepo {
  const repo = new TestRepo();
  const files: Record<string, string> = {
    'slipway.yaml': 'apiVersion: slipway.dev/v1\nkind: Project\nmetadata: {name: a}\nspec: {environments: [dev]}\n',
    'environments/dev/environment.yaml': ENV,
    'environments/prod/environment.yaml': ENV,
    'shared/policies/p.yaml': 'p: 1\n',
  };
  for (let i = 0; i <= DEPTH; i++) files[`shared/chain/d${i}/f.yaml`] = `f: ${i}\n`;
  repo.write(files);
  const link = (target: string, at: string) => symlinkSync(target, path.join(repo.dir, at));
  for (let i = 0; i < DEPTH; i++) {
    link(`../d${i + 1}`, `shared/chain/d${i}/a`);
    link(`../d${i + 1}`, `shared/chain/d${i}/b`);
  }
  // The multiplier, reached from an environment; and the same multiplier directly in a real folder.
  link('../../shared/chain/d0', 'environments/dev/chain');
  mkdirSync(path.join(repo.dir, 'environments/dev/fan'));
  for (let i = 0; i < 8; i++) link('../../../shared/chain/d1', `environments/dev/fan/x${i}`);
  // One folder linked twice; a link to a folder holding already linked ones; a loop; an environment linked to another.
  link('../../shared/policies', 'environments/dev/policies');
  link('../../shared/policies', 'environments/prod/policies');
  link('../../shared', 'environments/prod/up');
  link('..', 'environments/prod/loop');
  link('dev', 'environments/staging');
  repo.commit();
  return repo;
}

describe('symbolic links that multiply folders', () => {
  const repo = hostileRepo();
  const again = (as: string) =>
    `unreadable: it is a folder already read through a symbolic link, as ${as}; a linked folder is read once`;
  const expected = [
    'environments/dev/chain/f.yaml ok',
    'environments/dev/environment.yaml ok',
    'environments/dev/fan/x0/f.yaml ok',
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => `environments/dev/fan/x${i} ${again('environments/dev/fan/x0')}`),
    'environments/dev/policies/p.yaml ok',
    'environments/prod/environment.yaml ok',
    `environments/prod/policies ${again('environments/dev/policies')}`,
    `environments/prod/up/chain/d0 ${again('environments/dev/chain')}`,
    `environments/prod/up/chain/d1 ${again('environments/dev/fan/x0')}`,
    ...Array.from({ length: DEPTH - 1 }, (_, i) => `environments/prod/up/chain/d${i + 2}/f.yaml ok`).sort(),
    `environments/prod/up/policies ${again('environments/dev/policies')}`,
    'environments/staging/environment.yaml ok',
    'slipway.yaml ok',
  ];

  it('the working tree reads each real folder at most once through links, and says where it skips', async () => {
    // Before, the walk followed every path: 2^24 of them, cut off only by the 500,000-entry cap.
    expect(summary(await fsTree(repo.dir).readFiles())).toEqual(expected);
  });

  it('the reading thread walks the same way', async () => {
    expect(summary(await compiledReadAhead.readAhead(repo.dir, undefined, { thread: true }).readFiles())).toEqual(
      expected,
    );
  });

  it('a git revision of the same tree holds the same files', async () => {
    expect(summary(await gitTree(repo.dir, 'HEAD').readFiles())).toEqual(expected);
  });
});
