import { spawn } from 'node:child_process';
import path from 'node:path';
import { CONFIG_ROOTS, MAX_FILE_BYTES, isConfigPath, type TreeFile, type TreeSource } from '../load/tree.js';
import { gitError } from './errors.js';
import { openGit, resolveCommit } from './repo.js';

interface Entry {
  mode: string;
  sha: string;
  size: number;
  path: string;
}

/**
 * The configuration files of a git revision, read in two git processes whatever the number of
 * files: `ls-tree` to list them and one `cat-file --batch` to read every blob.
 */
export function gitTree(dir: string, rev: string): TreeSource & { commit(): Promise<string> } {
  const git = openGit(dir);
  let commit: Promise<string> | undefined;
  const resolve = () => (commit ??= resolveCommit(git, rev));
  return {
    description: `revision ${rev}`,
    commit: resolve,
    async readFiles() {
      const sha = await resolve();
      let listing: string;
      try {
        listing = await git.raw(['ls-tree', '-r', '-l', '-z', '--full-tree', sha, '--', ...CONFIG_ROOTS]);
      } catch (error) {
        throw gitError(error, `reading revision ${rev}`);
      }
      const entries: Entry[] = [];
      for (const record of listing.split('\0')) {
        if (!record) continue;
        const tab = record.indexOf('\t');
        const [mode, type, objectSha, size] = record.slice(0, tab).split(/\s+/);
        const p = record.slice(tab + 1);
        if (type !== 'blob' || !isConfigPath(p) || !mode || !objectSha) continue;
        entries.push({ mode, sha: objectSha, size: Number(size), path: p });
      }
      const byPath = new Map(entries.map((e) => [e.path, e]));
      const files: TreeFile[] = [];
      const wanted: Entry[] = [];
      const links: Entry[] = [];
      for (const e of entries) {
        if (e.mode === '120000') links.push(e);
        else if (e.size > MAX_FILE_BYTES) files.push({ path: e.path, status: 'too-large', size: e.size });
        else wanted.push(e);
      }
      // Symlinks are blobs holding their target: read those first, then follow the ones that stay inside.
      const linkTargets = await catFiles(dir, links.map((l) => l.sha));
      const aliases: Array<{ path: string; sha: string }> = [];
      links.forEach((l, i) => {
        const target = (linkTargets[i] ?? Buffer.alloc(0)).toString('utf8');
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(l.path), target));
        if (path.posix.isAbsolute(target) || resolved.startsWith('../') || resolved === '..') files.push({ path: l.path, status: 'symlink-escape', target });
        else {
          const dest = byPath.get(resolved);
          if (dest && dest.mode !== '120000') aliases.push({ path: l.path, sha: dest.sha });
          else files.push({ path: l.path, status: 'unreadable', reason: `symbolic link to ${target} cannot be followed in a git revision` });
        }
      });
      const blobs = await catFiles(dir, [...wanted.map((w) => w.sha), ...aliases.map((a) => a.sha)]);
      wanted.forEach((w, i) => files.push({ path: w.path, status: 'ok', content: blobs[i]! }));
      aliases.forEach((a, i) => files.push({ path: a.path, status: 'ok', content: blobs[wanted.length + i]! }));
      return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

/**
 * Reads many blobs through a single `git cat-file --batch`. simple-git cannot feed a process's
 * standard input, so this one call spawns git itself.
 */
export function catFiles(dir: string, shas: readonly string[]): Promise<Buffer[]> {
  if (shas.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (error) => reject(gitError(error, 'git cat-file')));
    child.on('close', (code) => {
      if (code !== 0) return reject(gitError(new Error(stderr || `git cat-file exited with ${code}`), 'git cat-file'));
      const out = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let pos = 0;
      for (let i = 0; i < shas.length; i++) {
        const nl = out.indexOf(0x0a, pos);
        const header = out.subarray(pos, nl).toString();
        const [, type, size] = header.split(' ');
        if (type === undefined || size === undefined || header.endsWith(' missing')) return reject(gitError(new Error(`object ${shas[i]} missing`), 'git cat-file'));
        const start = nl + 1;
        const end = start + Number(size);
        blobs.push(out.subarray(start, end));
        pos = end + 1; // the newline after each object
      }
      resolve(blobs);
    });
    child.stdin.end(shas.join('\n') + '\n');
  });
}
