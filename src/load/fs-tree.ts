import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_ROOTS, MAX_FILE_BYTES, isConfigPath, type TreeFile, type TreeSource } from './tree.js';

/** The configuration files of a directory on disk. */
export function fsTree(root: string): TreeSource {
  const absRoot = path.resolve(root);
  return {
    description: `working tree ${absRoot}`,
    async readFiles() {
      const realRoot = await realpath(absRoot);
      const found: string[] = [];
      const links = new Map<string, string>();
      const seenDirs = new Set<string>();

      const walk = async (rel: string): Promise<void> => {
        const abs = path.join(absRoot, rel);
        const info = await lstat(abs).catch(() => undefined);
        if (!info) return;
        if (info.isSymbolicLink()) {
          const target = await realpath(abs).catch(() => undefined);
          if (target === undefined) return; // dangling: nothing to read
          if (!isInside(realRoot, target)) {
            // Report escaping YAML files and folders (which would hold YAML); other files are not ours.
            const isDir = (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
            if (isDir || isConfigPath(rel)) links.set(rel, await readlink(abs));
            return;
          }
          const targetInfo = await stat(target);
          if (targetInfo.isDirectory()) return walkDir(rel, target);
          if (isConfigPath(rel)) found.push(rel);
          return;
        }
        if (info.isDirectory()) return walkDir(rel, abs);
        if (info.isFile() && isConfigPath(rel)) found.push(rel);
      };
      const walkDir = async (rel: string, abs: string): Promise<void> => {
        const real = await realpath(abs);
        if (seenDirs.has(real)) return; // a symlink loop
        seenDirs.add(real);
        const entries = await readdir(abs);
        await Promise.all(entries.filter((e) => !e.startsWith('.')).map((e) => walk(rel ? `${rel}/${e}` : e)));
      };

      await Promise.all(CONFIG_ROOTS.map((r) => walk(r)));
      const files: TreeFile[] = [...links].map(([p, target]) => ({ path: p, status: 'symlink-escape', target }));
      const read = await mapLimit(found, 64, (rel) => readOne(absRoot, rel));
      files.push(...read);
      return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

async function readOne(root: string, rel: string): Promise<TreeFile> {
  const abs = path.join(root, rel);
  try {
    const info = await stat(abs);
    if (info.size > MAX_FILE_BYTES) return { path: rel, status: 'too-large', size: info.size };
    return { path: rel, status: 'ok', content: await readFile(abs) };
  } catch (error) {
    return { path: rel, status: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Bounded concurrency: enough to keep the disk busy without exhausting file handles. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
