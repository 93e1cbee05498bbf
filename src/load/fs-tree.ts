import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Dirent,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import {
  byPath,
  CONFIG_ROOTS,
  MAX_FILE_BYTES,
  folderInScope,
  inScope,
  isConfigPath,
  isHiddenName,
  alreadyLinked,
  linkToLink,
  type TreeFile,
  type TreeScope,
  type TreeSource,
} from './tree.js';

/** Guards against symbolic links that multiply folders without looping. */
const MAX_ENTRIES = 500_000;

/**
 * The configuration files of a directory on disk. Symbolic links are followed while they stay
 * inside the repository; links that leave it are reported (`symlink-escape`), never read.
 *
 * The walk and the reads are synchronous on purpose: a repository is thousands of small files,
 * and each asynchronous `fs` call is a round trip through libuv's thread pool (open, fstat,
 * read, close: four per file). Measured on 10,000 files, the synchronous walk and read take
 * about a fifth of the time of the asynchronous one, and nothing else runs meanwhile.
 */
export function fsTree(root: string, scope?: TreeScope): TreeSource {
  const absRoot = path.resolve(root);
  return {
    description: `working tree ${absRoot}`,
    ...(scope ? { scope } : {}),
    readFiles() {
      return Promise.resolve().then(() => readTree(absRoot, scope));
    },
  };
}

function readTree(absRoot: string, scope: TreeScope | undefined): TreeFile[] {
  const files: TreeFile[] = [];
  walkTree(absRoot, scope, (file) => files.push(file));
  return files.sort(byPath);
}

/**
 * Walks the configuration files under `absRoot` and hands each to `emit` as it is read, in
 * directory order (callers sort). Throws a UserError when links multiply folders.
 *
 * Symbolic links are followed as `gitTree` follows them, so that the working tree and a revision
 * hold the same files (docs/loading.md):
 * - the real folders are walked first; links found there are followed afterwards, in path order;
 * - a folder reached through a link is read for its real files only: links inside it are not
 *   followed (a link to a file there is reported, as git reports it);
 * - a folder (by device and inode) is read through links at most once: a second link to it, or to
 *   a folder inside it, is reported instead of read again.
 * So every real folder is read at most twice (where it is, and through one link), and the walk is
 * linear in the real files however links multiply folders.
 */
export function walkTree(absRoot: string, scope: TreeScope | undefined, emit: (file: TreeFile) => void): void {
  const realRoot = realpathSync(absRoot);
  // Links are judged by where they sit; what they stand for must be in the scope too.
  const keep = (file: TreeFile): void => {
    if (!scope || inScope(scope, file.path)) emit(file);
  };
  const scratch = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
  let visited = 0;
  /** Links met in real folders, followed once the real walk is done. */
  const links: string[] = [];
  /** Folders read through a link, by device and inode, with the path they were read as. */
  const linked = new Map<string, string>();

  const count = () => {
    if (++visited > MAX_ENTRIES) {
      throw new UserError(`more than ${MAX_ENTRIES} entries under models/ and environments/`, {
        hint: 'check for symbolic links that make folders appear many times',
      });
    }
  };

  /** A symbolic link at `rel`, in a real folder: followed while it stays inside the repository. */
  const walkLink = (rel: string): void => {
    if (!inScope(scope, rel) && !folderInScope(scope, rel)) return;
    const abs = path.join(absRoot, rel);
    let target: string;
    try {
      target = realpathSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const written = readlinkSync(abs);
      // Like gitTree, which cannot tell a missing folder from a file: judge by the link's text.
      if (
        !isInside(absRoot, path.resolve(path.dirname(abs), written)) &&
        (isConfigPath(rel) || !path.basename(rel).includes('.'))
      ) {
        keep({ path: rel, status: 'symlink-escape', target: written });
      } else if (isConfigPath(rel)) {
        keep({
          path: rel,
          status: 'unreadable',
          reason:
            code === 'ELOOP'
              ? 'it is a symbolic link loop'
              : `it is a symbolic link to ${written}, which does not exist`,
        });
      }
      return;
    }
    const info = statSync(target, { throwIfNoEntry: false });
    if (!isInside(realRoot, target)) {
      // Report escaping YAML files and folders (which would hold YAML); other files are not ours.
      if (info?.isDirectory() || isConfigPath(rel))
        keep({ path: rel, status: 'symlink-escape', target: readlinkSync(abs) });
      return;
    }
    if (info?.isDirectory()) {
      // A link to its own folder or an ancestor would loop; git skips it too.
      const at = path.join(realRoot, path.dirname(rel));
      if (target === at || `${at}/`.startsWith(`${target}/`)) return;
      walkDir(rel, target, true);
    } else if (isConfigPath(rel)) keep(info?.isFile() ? readOne(absRoot, rel, scratch) : notRegular(rel));
  };

  /**
   * A folder: `real` is its real path. Inside a folder reached through a link (`throughLink`), links
   * are not followed, and each folder is registered: one already read through a link is reported.
   */
  const walkDir = (rel: string, real: string, throughLink: boolean): void => {
    if (!folderInScope(scope, rel)) return;
    if (throughLink) {
      const id = folderId(real);
      const first = id === undefined ? undefined : linked.get(id);
      if (first !== undefined) {
        keep({ path: rel, status: 'unreadable', reason: alreadyLinked(first) });
        return;
      }
      if (id !== undefined) linked.set(id, rel);
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(absRoot, rel), { withFileTypes: true });
    } catch (error) {
      // Gone since it was listed: nothing to read. Anything else hides configuration: say so.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT')
        keep({
          path: rel,
          status: 'unreadable',
          reason: `a folder that cannot be listed: ${code === 'EACCES' ? 'permission denied' : (code ?? String(error))}`,
        });
      return;
    }
    for (const entry of entries) {
      if (isHiddenName(entry.name)) continue;
      count();
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      // A folder reached through real folders only has a real path we can build without asking.
      if (entry.isDirectory()) walkDir(child, `${real}/${entry.name}`, throughLink);
      else if (entry.isSymbolicLink()) {
        if (!throughLink) links.push(child);
        else if (isConfigPath(child) && inScope(scope, child))
          keep({
            path: child,
            status: 'unreadable',
            reason: linkToLink(path.relative(realRoot, `${real}/${entry.name}`)),
          });
      } else if (isConfigPath(child) && inScope(scope, child))
        keep(entry.isFile() ? readOne(absRoot, child, scratch) : notRegular(child));
    }
  };

  for (const name of CONFIG_ROOTS) {
    count();
    const info = lstatSync(path.join(absRoot, name), { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isSymbolicLink()) links.push(name);
    else if (info.isDirectory()) walkDir(name, `${realRoot}/${name}`, false);
    else if (isConfigPath(name)) keep(info.isFile() ? readOne(absRoot, name, scratch) : notRegular(name));
  }
  // In path order, as gitTree follows them: which of two links to one folder is read does not
  // depend on the order the file system lists them in.
  for (const rel of links.sort()) walkLink(rel);
}

/** A folder's device and inode, the identity links cannot fake. */
function folderId(real: string): string | undefined {
  const info = statSync(real, { bigint: true, throwIfNoEntry: false });
  return info ? `${info.dev}:${info.ino}` : undefined;
}

function notRegular(rel: string): TreeFile {
  // A FIFO or device would block or never end: only regular files are read.
  return { path: rel, status: 'unreadable', reason: 'it is not a regular file' };
}

/**
 * Reads one regular file through one descriptor into a buffer shared by the whole walk, then
 * copies out exactly its bytes: no `fstat` per file. Reading stops one byte past the limit, so
 * a huge file is never read whole; only then is it stat'ed, for its size.
 */
function readOne(root: string, rel: string, scratch: Buffer): TreeFile {
  let fd: number | undefined;
  try {
    fd = openSync(path.join(root, rel), 'r');
    let read = 0;
    while (read < scratch.length) {
      const n = readSync(fd, scratch, read, scratch.length - read, null);
      if (n === 0) break;
      read += n;
    }
    if (read > MAX_FILE_BYTES) return { path: rel, status: 'too-large', size: Math.max(read, fstatSync(fd).size) };
    return { path: rel, status: 'ok', content: Buffer.from(scratch.subarray(0, read)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      path: rel,
      status: 'unreadable',
      reason: code === 'EACCES' ? 'permission denied' : (code ?? String(error)),
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
