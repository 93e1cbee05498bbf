import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { CONFIG_ROOTS, MAX_FILE_BYTES, isConfigPath, type TreeFile, type TreeSource } from './tree.js';

/** Guards against symbolic links that multiply folders without looping. */
const MAX_ENTRIES = 500_000;

/**
 * The configuration files of a directory on disk. Symbolic links are followed while they stay
 * inside the repository; links that leave it are reported (`symlink-escape`), never read.
 */
export function fsTree(root: string): TreeSource {
  const absRoot = path.resolve(root);
  return {
    description: `working tree ${absRoot}`,
    async readFiles() {
      const realRoot = await realpath(absRoot);
      const found: string[] = [];
      const links = new Map<string, string>();
      const broken: TreeFile[] = [];
      let visited = 0;

      const walk = async (rel: string, ancestors: ReadonlySet<string>): Promise<void> => {
        if (++visited > MAX_ENTRIES) {
          throw new UserError(`more than ${MAX_ENTRIES} entries under models/ and environments/`, { hint: 'check for symbolic links that make folders appear many times' });
        }
        const abs = path.join(absRoot, rel);
        const info = await lstat(abs).catch(() => undefined);
        if (!info) return;
        if (info.isSymbolicLink()) {
          let target: string;
          try {
            target = await realpath(abs);
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            const written = await readlink(abs);
            // Like gitTree, which cannot tell a missing folder from a file: judge by the link's text.
            if (!isInside(absRoot, path.resolve(path.dirname(abs), written)) && (isConfigPath(rel) || !path.basename(rel).includes('.'))) links.set(rel, written);
            else if (isConfigPath(rel)) broken.push({ path: rel, status: 'unreadable', reason: code === 'ELOOP' ? 'it is a symbolic link loop' : `it is a symbolic link to ${written}, which does not exist` });
            return;
          }
          if (!isInside(realRoot, target)) {
            // Report escaping YAML files and folders (which would hold YAML); other files are not ours.
            const isDir = (await stat(target).catch(() => undefined))?.isDirectory() ?? false;
            if (isDir || isConfigPath(rel)) links.set(rel, await readlink(abs));
            return;
          }
          const targetInfo = await stat(target);
          if (targetInfo.isDirectory()) return walkDir(rel, target, ancestors);
          if (isConfigPath(rel)) found.push(rel);
          return;
        }
        if (info.isDirectory()) return walkDir(rel, abs, ancestors);
        if (info.isFile() && isConfigPath(rel)) found.push(rel);
      };
      // A folder linked from two places is read under both paths (that is what such links are
      // for); a link to a folder's own ancestor would loop, so it is skipped.
      const walkDir = async (rel: string, abs: string, ancestors: ReadonlySet<string>): Promise<void> => {
        const real = await realpath(abs);
        if (ancestors.has(real)) return;
        const inner = new Set(ancestors).add(real);
        const entries = await readdir(abs);
        await Promise.all(entries.filter((e) => !e.startsWith('.')).map((e) => walk(rel ? `${rel}/${e}` : e, inner)));
      };

      const top = new Set([realRoot]);
      await Promise.all(CONFIG_ROOTS.map((r) => walk(r, top)));
      const files: TreeFile[] = [...links].map(([p, target]): TreeFile => ({ path: p, status: 'symlink-escape', target }));
      files.push(...broken);
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
    // A FIFO or device would block or never end: only regular files are read.
    if (!info.isFile()) return { path: rel, status: 'unreadable', reason: 'it is not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { path: rel, status: 'too-large', size: info.size };
    return { path: rel, status: 'ok', content: await readFile(abs) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { path: rel, status: 'unreadable', reason: code === 'EACCES' ? 'permission denied' : (code ?? String(error)) };
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
