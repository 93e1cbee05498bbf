import { chmodSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { gitTree } from '../../src/git/tree.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import type { TreeFile, TreeScope, TreeSource } from '../../src/load/tree.js';
import { validateTree } from '../../src/validate/index.js';
import { gitRepo, minimalRepo, TestRepo, writeFiles, writeRepo } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';

const { 'slipway.yaml': PROJECT, 'environments/dev/environment.yaml': ENV } = minimalRepo();

/** Path, status and (for readable files) text: what a tree source reports, comparable with toEqual. */
function summary(files: TreeFile[]): Array<[string, string, string?]> {
  return files.map((f) => {
    switch (f.status) {
      case 'ok':
        return [f.path, 'ok', f.content.toString('utf8')];
      case 'symlink-escape':
        return [f.path, 'symlink-escape', f.target];
      case 'too-large':
        return [f.path, 'too-large', String(f.size)];
      case 'unreadable':
        return [f.path, 'unreadable', f.reason];
    }
  });
}

/**
 * The working-tree readers: `fsTree` on this thread, and `readAhead`, which runs the same walk on
 * a second thread. The thread needs the compiled worker, so the compiled module is tested (the
 * test script builds before it runs the tests).
 */
type Reader = (dir: string, scope?: TreeScope) => TreeSource;
const compiledReadAhead = (await import(
  pathToFileURL(path.resolve('dist/load/read-ahead.js')).href
)) as typeof import('../../src/load/read-ahead.js');
const READERS: Array<[string, Reader]> = [
  ['fsTree', fsTree],
  ['readAhead (a second thread)', (dir, scope) => compiledReadAhead.readAhead(dir, scope, { thread: true })],
];

/**
 * A reader's summary of `dir` as a user whom permissions bind. Root reads everything, so as root
 * (CI) the compiled reader runs in a child process as `nobody`.
 */
async function readAsUnprivileged(dir: string, name: string, read: Reader): Promise<Array<[string, string, string?]>> {
  if (process.getuid?.() !== 0) return summary(await read(dir).readFiles());
  chmodSync(dir, 0o755); // mkdtemp makes it private to root
  const module = pathToFileURL(
    path.resolve(name === 'fsTree' ? 'dist/load/fs-tree.js' : 'dist/load/read-ahead.js'),
  ).href;
  const call =
    name === 'fsTree'
      ? `m.fsTree(${JSON.stringify(dir)})`
      : `m.readAhead(${JSON.stringify(dir)}, undefined, { thread: true })`;
  const script = `const m = await import(${JSON.stringify(module)});
const files = await ${call}.readFiles();
process.stdout.write(JSON.stringify(files.map((f) => [f.path, f.status, f.status === 'ok' ? Buffer.from(f.content).toString('utf8') : f.status === 'unreadable' ? f.reason : undefined])));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as Array<[string, string, string | null]>).map(([p, st, x]) =>
    x === null ? [p, st] : [p, st, x],
  );
}

describe.each(READERS)('%s', (name, read) => {
  it('reads slipway.yaml and the YAML under models/ and environments/, ignoring other and dot files', async () => {
    const dir = writeRepo({
      'slipway.yaml': PROJECT,
      'README.md': '# not config',
      'other/x.yaml': 'not: slipway',
      '.github/workflows/ci.yaml': 'on: push',
      'environments/dev/environment.yaml': ENV,
      'environments/dev/README.md': 'notes',
      'environments/dev/.hidden.yaml': 'hidden: true',
      'environments/.drafts/d.yaml': 'draft: true',
      'environments/dev/nested/deep/d.yml': 'a: 1',
      'models/m/model.yml': 'b: 2',
      'models/m/weights.bin': Buffer.from([0, 1, 2]),
      'models/m/notes.txt': 'text',
    });
    expect(summary(await read(dir).readFiles())).toEqual([
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['environments/dev/nested/deep/d.yml', 'ok', 'a: 1'],
      ['models/m/model.yml', 'ok', 'b: 2'],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });

  it('refuses symlinks that leave the repository and never reads their targets', async () => {
    const parent = tempDir();
    const repo = path.join(parent, 'repo');
    writeFiles(repo, {
      'slipway.yaml': PROJECT,
      'environments/dev/environment.yaml': ENV,
      'shared/base.yaml': 'shared: true',
    });
    writeFiles(parent, { 'secret.yaml': 'password: hunter2', 'elsewhere/d.yaml': 'x: 1' });
    symlinkSync('../../../secret.yaml', path.join(repo, 'environments/dev/evil.yaml'));
    symlinkSync(path.join(parent, 'secret.yaml'), path.join(repo, 'environments/dev/absolute.yaml'));
    symlinkSync('../../elsewhere', path.join(repo, 'environments/prod'));
    symlinkSync('../../shared/base.yaml', path.join(repo, 'environments/dev/inside.yaml'));
    symlinkSync(path.join(parent, 'secret.yaml'), path.join(repo, 'environments/dev/notes.txt')); // not YAML: not ours
    expect(summary(await read(repo).readFiles())).toEqual([
      ['environments/dev/absolute.yaml', 'symlink-escape', path.join(parent, 'secret.yaml')],
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['environments/dev/evil.yaml', 'symlink-escape', '../../../secret.yaml'],
      ['environments/dev/inside.yaml', 'ok', 'shared: true'],
      ['environments/prod', 'symlink-escape', '../../elsewhere'],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });

  it('survives symlink loops and reports links that cannot be followed', async () => {
    const dir = writeRepo(minimalRepo());
    symlinkSync('.', path.join(dir, 'environments/dev/self'));
    symlinkSync('../..', path.join(dir, 'environments/dev/up'));
    symlinkSync('b.yaml', path.join(dir, 'environments/dev/a.yaml'));
    symlinkSync('a.yaml', path.join(dir, 'environments/dev/b.yaml'));
    symlinkSync('missing.yaml', path.join(dir, 'environments/dev/dangling.yaml'));
    expect(summary(await read(dir).readFiles())).toEqual([
      ['environments/dev/a.yaml', 'unreadable', 'it is a symbolic link loop'],
      ['environments/dev/b.yaml', 'unreadable', 'it is a symbolic link loop'],
      ['environments/dev/dangling.yaml', 'unreadable', 'it is a symbolic link to missing.yaml, which does not exist'],
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });

  it('reports a file it may not read, without stopping', async () => {
    const dir = writeRepo(minimalRepo());
    chmodSync(path.join(dir, 'environments/dev/environment.yaml'), 0o000);
    expect(await readAsUnprivileged(dir, name, read)).toEqual([
      ['environments/dev/environment.yaml', 'unreadable', 'permission denied'],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });

  it('reports a folder it may not list, without stopping', async () => {
    const dir = writeRepo({
      'slipway.yaml': PROJECT,
      'environments/dev/environment.yaml': ENV,
      'environments/prod/p.yaml': 'p: 1',
    });
    chmodSync(path.join(dir, 'environments/prod'), 0o000);
    try {
      expect(await readAsUnprivileged(dir, name, read)).toEqual([
        ['environments/dev/environment.yaml', 'ok', ENV],
        ['environments/prod', 'unreadable', 'a folder that cannot be listed: permission denied'],
        ['slipway.yaml', 'ok', PROJECT],
      ]);
    } finally {
      chmodSync(path.join(dir, 'environments/prod'), 0o755);
    }
  });

  it('never opens a FIFO or other non-regular file (it could block forever)', async () => {
    const dir = writeRepo({ 'slipway.yaml': PROJECT, 'shared/x': '' });
    execFileSync('mkfifo', [path.join(dir, 'shared/pipe')]);
    mkdirSync(path.join(dir, 'environments/dev'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'environments/dev/pipe.yaml')]);
    symlinkSync('../../shared/pipe', path.join(dir, 'environments/dev/linked.yaml'));
    expect(summary(await read(dir).readFiles())).toEqual([
      ['environments/dev/linked.yaml', 'unreadable', 'it is not a regular file'],
      ['environments/dev/pipe.yaml', 'unreadable', 'it is not a regular file'],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });

  it('reports files over 1 MiB by size, without reading them', async () => {
    const dir = writeRepo({ 'slipway.yaml': PROJECT, 'environments/dev/big.yaml': 'x'.repeat(1024 * 1024 + 1) });
    expect(summary(await read(dir).readFiles())).toEqual([
      ['environments/dev/big.yaml', 'too-large', String(1024 * 1024 + 1)],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
  });
});

describe('readAhead', () => {
  it('hands every file over as it is read, and loads the same tree as fsTree', async () => {
    const files: Record<string, string> = minimalRepo();
    for (let i = 0; i < 450; i++) files[`environments/dev/d${String(i).padStart(3, '0')}.yaml`] = `n: ${i}\n`;
    // Bigger than one batch's bytes on its own.
    files['models/m/model.yaml'] = `big: "${'x'.repeat(300 * 1024)}"\n`;
    const dir = writeRepo(files);
    const source = compiledReadAhead.readAhead(dir, undefined, { thread: true });
    const seen: string[] = [];
    await source.streamFiles!((file) => seen.push(file.path));
    expect(seen.sort()).toEqual(Object.keys(files).sort());
    const viaThread = await loadTree(compiledReadAhead.readAhead(dir, undefined, { thread: true }));
    const viaFs = await loadTree(fsTree(dir));
    expect(viaThread.documents).toEqual(viaFs.documents);
    expect(viaThread.texts).toEqual(viaFs.texts);
    expect(viaThread.fileCount).toBe(453);
    expect(viaThread.documents.slice(0, 2).map((d) => d.file)).toEqual([
      'environments/dev/d000.yaml',
      'environments/dev/d001.yaml',
    ]);
  });

  it('fails with the reason when the folder cannot be walked', async () => {
    const missing = path.join(tempDir(), 'gone');
    await expect(compiledReadAhead.readAhead(missing, undefined, { thread: true }).readFiles()).rejects.toThrow(
      `reading ${missing} failed: ENOENT: no such file or directory`,
    );
  });

  it('reads on this thread when asked, or when run from the TypeScript sources', async () => {
    const dir = writeRepo({ 'slipway.yaml': PROJECT });
    expect(compiledReadAhead.readAhead(dir, undefined, { thread: false }).streamFiles).toBeUndefined();
    const { readAhead } = await import('../../src/load/read-ahead.js');
    expect(readAhead(dir).streamFiles).toBeUndefined();
    expect(summary(await readAhead(dir).readFiles())).toEqual([['slipway.yaml', 'ok', PROJECT]]);
  });
});

describe('gitTree', () => {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  let savedPath: string | undefined;
  let log: string;

  beforeEach(() => {
    savedPath = process.env.PATH;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    delete process.env.SLIPWAY_TEST_GIT_LOG;
  });

  /** Puts a `git` first on PATH that logs each invocation, then runs the real git. */
  function countGit(): () => string[] {
    const bin = tempDir('slipway-gitbin-');
    log = path.join(bin, 'calls.log');
    writeFileSync(log, '');
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> "$SLIPWAY_TEST_GIT_LOG"\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(path.join(bin, 'git'), 0o755);
    process.env.SLIPWAY_TEST_GIT_LOG = log;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    return () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l !== '');
  }

  it('reads a revision of 200 files in exactly three git processes', async () => {
    const repo = new TestRepo();
    const files: Record<string, string> = {
      'slipway.yaml': PROJECT,
      'environments/dev/environment.yaml': ENV,
      'README.md': 'ignored',
    };
    for (let i = 0; i < 200; i++) files[`environments/dev/d${String(i).padStart(3, '0')}.yaml`] = `n: ${i}\n`;
    files['environments/dev/big.yaml'] = 'y'.repeat(1024 * 1024 + 1);
    const sha = repo.commit(files);
    repo.commit({ 'environments/dev/d000.yaml': 'n: changed\n' });

    const calls = countGit();
    const tree = gitTree(repo.dir, 'HEAD~1');
    const read = await tree.readFiles();
    expect(await tree.commit()).toBe(sha);
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['rev-parse', 'ls-tree', 'cat-file']);

    expect(read).toHaveLength(203);
    expect(summary(read).slice(0, 3)).toEqual([
      ['environments/dev/big.yaml', 'too-large', String(1024 * 1024 + 1)],
      ['environments/dev/d000.yaml', 'ok', 'n: 0\n'],
      ['environments/dev/d001.yaml', 'ok', 'n: 1\n'],
    ]);
    expect(summary(read).at(-1)).toEqual(['slipway.yaml', 'ok', PROJECT]);
  });

  it('refuses committed symlinks that leave the repository and follows the ones inside', async () => {
    const repo = new TestRepo();
    repo.write({
      'slipway.yaml': PROJECT,
      'environments/dev/environment.yaml': ENV,
      'shared/base.yaml': 'shared: true\n',
      'models/m/model.yaml': 'm: 1\n',
    });
    mkdirSync(path.join(repo.dir, 'environments/staging'), { recursive: true });
    symlinkSync('../../../etc/passwd.yaml', path.join(repo.dir, 'environments/dev/evil.yaml'));
    symlinkSync('/etc/passwd', path.join(repo.dir, 'environments/dev/absolute.yaml'));
    symlinkSync('../../models/m/model.yaml', path.join(repo.dir, 'environments/dev/inside.yaml'));
    symlinkSync('../../shared/base.yaml', path.join(repo.dir, 'environments/dev/shared.yaml'));
    symlinkSync('inside.yaml', path.join(repo.dir, 'environments/dev/chain.yaml'));
    symlinkSync('../../shared/none.yaml', path.join(repo.dir, 'environments/dev/gone.yaml'));
    repo.commit();

    const calls = countGit();
    expect(summary(await gitTree(repo.dir, 'HEAD').readFiles())).toEqual([
      ['environments/dev/absolute.yaml', 'symlink-escape', '/etc/passwd'],
      [
        'environments/dev/chain.yaml',
        'unreadable',
        'symbolic link to another symbolic link (environments/dev/inside.yaml); link to the file itself',
      ],
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['environments/dev/evil.yaml', 'symlink-escape', '../../../etc/passwd.yaml'],
      [
        'environments/dev/gone.yaml',
        'unreadable',
        'symbolic link to shared/none.yaml, which is not a file in this revision',
      ],
      ['environments/dev/inside.yaml', 'ok', 'm: 1\n'],
      ['environments/dev/shared.yaml', 'ok', 'shared: true\n'],
      ['models/m/model.yaml', 'ok', 'm: 1\n'],
      ['slipway.yaml', 'ok', PROJECT],
    ]);
    // Links to files outside models/ and environments/ cost two more processes, whatever their number.
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['rev-parse', 'ls-tree', 'cat-file', 'ls-tree', 'cat-file']);
  });

  it('follows folder symlinks like the working tree does', async () => {
    const repo = new TestRepo();
    repo.write({
      'slipway.yaml': PROJECT,
      'environments/dev/environment.yaml': ENV,
      'environments/dev/d.yaml': 'd: 1\n',
      'shared/policies/p.yaml': 'p: 1\n',
      'shared/policies/README.md': 'no',
    });
    symlinkSync('dev', path.join(repo.dir, 'environments/staging'));
    symlinkSync('../../shared/policies', path.join(repo.dir, 'environments/dev/policies'));
    symlinkSync('.', path.join(repo.dir, 'environments/dev/self'));
    symlinkSync('../..', path.join(repo.dir, 'environments/dev/up'));
    symlinkSync('../../elsewhere', path.join(repo.dir, 'environments/prod'));
    repo.commit();
    const expected = [
      ['environments/dev/d.yaml', 'ok', 'd: 1\n'],
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['environments/dev/policies/p.yaml', 'ok', 'p: 1\n'],
      ['environments/prod', 'symlink-escape', '../../elsewhere'],
      ['environments/staging/d.yaml', 'ok', 'd: 1\n'],
      ['environments/staging/environment.yaml', 'ok', ENV],
      ['slipway.yaml', 'ok', PROJECT],
    ];
    const fromGit = summary(await gitTree(repo.dir, 'HEAD').readFiles());
    expect(fromGit).toEqual(expected);
    // The working tree agrees, except that it also follows the link inside the linked folder.
    const fromDisk = summary(await fsTree(repo.dir).readFiles());
    expect(fromDisk).toEqual([
      ...expected.slice(0, 6),
      ['environments/staging/policies/p.yaml', 'ok', 'p: 1\n'],
      ...expected.slice(6),
    ]);
  });

  it('with a scope, reads slipway.yaml, models/, every environment.yaml and the named environments only, from disk and from git alike', async () => {
    const repo = new TestRepo();
    repo.write({
      'slipway.yaml': PROJECT,
      'models/m/model.yaml': 'm: 1\n',
      'environments/dev/environment.yaml': ENV,
      'environments/dev/d.yaml': 'd: 1\n',
      'environments/dev/nested/n.yaml': 'n: 1\n',
      'environments/prod/environment.yml': ENV,
      'environments/prod/p.yaml': 'p: 1\n',
      'environments/prod/deep/q.yaml': 'q: 1\n',
      'environments/stray.yaml': 's: 1\n',
    });
    repo.commit();
    const scope = { environments: ['prod'] };
    const expected = [
      ['environments/dev/environment.yaml', 'ok', ENV],
      ['environments/prod/deep/q.yaml', 'ok', 'q: 1\n'],
      ['environments/prod/environment.yml', 'ok', ENV],
      ['environments/prod/p.yaml', 'ok', 'p: 1\n'],
      ['models/m/model.yaml', 'ok', 'm: 1\n'],
      ['slipway.yaml', 'ok', PROJECT],
    ];
    expect(summary(await gitTree(repo.dir, 'HEAD', scope).readFiles())).toEqual(expected);
    for (const [, read] of READERS) expect(summary(await read(repo.dir, scope).readFiles())).toEqual(expected);
    // Links are judged where they sit: one inside prod to a dev file is read; dev's escaping link is not reported.
    symlinkSync('../dev/d.yaml', path.join(repo.dir, 'environments/prod/linked.yaml'));
    symlinkSync('../../../secret.yaml', path.join(repo.dir, 'environments/dev/evil.yaml'));
    repo.commit();
    const withLinks = [
      ...expected.slice(0, 3),
      ['environments/prod/linked.yaml', 'ok', 'd: 1\n'],
      ...expected.slice(3),
    ];
    expect(summary(await gitTree(repo.dir, 'HEAD', scope).readFiles())).toEqual(withLinks);
    for (const [, read] of READERS) expect(summary(await read(repo.dir, scope).readFiles())).toEqual(withLinks);
    // A named environment's folder that is itself a link out of the repository is reported.
    const outside = writeRepo({ 'environment.yaml': ENV });
    symlinkSync(outside, path.join(repo.dir, 'environments/qa'));
    for (const [, read] of READERS) {
      expect(
        summary(await read(repo.dir, { environments: ['qa'] }).readFiles()).filter(([p]) =>
          p.startsWith('environments/qa'),
        ),
      ).toEqual([['environments/qa', 'symlink-escape', outside]]);
    }
  });

  it('turns an escaping symlink in a revision into a symlink-escape diagnostic', async () => {
    const repo = new TestRepo();
    repo.write(minimalRepo());
    symlinkSync('../../../secret.yaml', path.join(repo.dir, 'environments/dev/evil.yaml'));
    repo.commit();
    const result = validateTree(await loadTree(gitTree(repo.dir, 'HEAD')));
    expect(
      result.diagnostics.map(({ code, file, line, column, message }) => ({ code, file, line, column, message })),
    ).toEqual([
      {
        code: 'symlink-escape',
        file: 'environments/dev/evil.yaml',
        line: 1,
        column: 1,
        message: 'symbolic link points outside the repository (to `../../../secret.yaml`)',
      },
    ]);
  });

  it('gives a clear UserError for an unknown revision', async () => {
    const repo = gitRepo({ 'slipway.yaml': PROJECT });
    const error = await gitTree(repo.dir, 'no-such-branch')
      .readFiles()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('revision no-such-branch: unknown revision');
    expect((error as UserError).hint).toBe(
      'check the branch, tag or commit exists (git fetch first in CI: actions/checkout needs fetch-depth: 0)',
    );
    const option = await gitTree(repo.dir, '--output=/tmp/x')
      .readFiles()
      .catch((e: unknown) => e);
    expect(option).toBeInstanceOf(UserError);
    expect((option as UserError).message).toBe('revision --output=/tmp/x: unknown revision');
  });
});
