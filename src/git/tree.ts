import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  byPath,
  CONFIG_ROOTS,
  MAX_FILE_BYTES,
  alreadyLinked,
  folderInScope,
  hasHiddenPart,
  inScope,
  isConfigPath,
  linkToLink,
  type TreeFile,
  type TreeScope,
  type TreeSource,
} from '../load/tree.js';
import { gitError } from './errors.js';
import { openGit, resolveCommit } from './repo.js';

interface Entry {
  mode: string;
  sha: string;
  size: number;
  path: string;
}

/**
 * The configuration files of a git revision, read in a constant number of git processes whatever
 * the number of files: `rev-parse` to pin the commit, `ls-tree` to list the files and one
 * `cat-file --batch` to read every blob. Symbolic links are followed like the working tree's
 * (fsTree): when some point outside models/ and environments/, one more `ls-tree` and
 * `cat-file` read their targets, whatever their number.
 */
export function gitTree(dir: string, rev: string, scope?: TreeScope): TreeSource & { commit(): Promise<string> } {
  const git = openGit(dir);
  let commit: Promise<string> | undefined;
  const resolve = () => (commit ??= resolveCommit(git, rev));
  const list = async (sha: string, paths: readonly string[]): Promise<Entry[]> => {
    let listing: string;
    try {
      listing = await git.raw(['ls-tree', '-r', '-l', '-z', '--full-tree', sha, '--', ...paths]);
    } catch (error) {
      throw gitError(error, `reading revision ${rev}`);
    }
    const entries: Entry[] = [];
    for (const record of listing.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, objectSha, size] = record.slice(0, tab).split(/\s+/);
      if (type !== 'blob' || !mode || !objectSha) continue;
      entries.push({ mode, sha: objectSha, size: Number(size), path: record.slice(tab + 1) });
    }
    return entries.sort(byPath);
  };

  return {
    description: `revision ${rev}`,
    ...(scope ? { scope } : {}),
    commit: resolve,
    async readFiles() {
      const sha = await resolve();
      // Symlinks are kept whatever their name (a link to a folder has no .yaml extension), unless
      // hidden: the working tree never walks into hidden folders either.
      const listed = (await list(sha, CONFIG_ROOTS)).filter(
        (e) => isConfigPath(e.path) || (e.mode === LINK && !hasHiddenPart(e.path)),
      );
      // Without links, out-of-scope files are never read; links may point anywhere, so with
      // them the whole tree is read and the scope applied to the result.
      const hasLinks = listed.some((e) => e.mode === LINK);
      const entries = scope && !hasLinks ? listed.filter((e) => inScope(scope, e.path)) : listed;
      const inScopeOnly = (files: TreeFile[]): TreeFile[] =>
        scope ? files.filter((f) => inScope(scope, f.path)) : files;
      const files: TreeFile[] = [];
      const readable = entries.filter((e) => {
        if (e.size <= MAX_FILE_BYTES) return true;
        if (isConfigPath(e.path)) files.push({ path: e.path, status: 'too-large', size: e.size });
        return false;
      });
      const blobs = await catFiles(
        dir,
        readable.map((e) => e.sha),
      );
      const content = new Map(readable.map((e, i) => [e.path, blobs[i]!]));
      const links: Link[] = [];
      for (const e of readable) {
        if (e.mode !== LINK) files.push({ path: e.path, status: 'ok', content: content.get(e.path)!, blob: e.sha });
        else links.push({ path: e.path, target: content.get(e.path)!.toString('utf8') });
      }
      if (links.length === 0) return inScopeOnly(files).sort(byPath);

      const paths = new Set<string>();
      for (const e of entries) {
        paths.add(e.path);
        for (let slash = e.path.lastIndexOf('/'); slash > 0; slash = e.path.lastIndexOf('/', slash - 1))
          paths.add(e.path.slice(0, slash));
      }
      // Each link's files first, then added in link path order (see `addLinked`).
      const followed = new Map<string, Followed>();
      const outside: Array<Link & { resolved: string }> = [];
      for (const link of links) {
        if (scope && !inScope(scope, link.path) && !folderInScope(scope, link.path)) continue;
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(link.path), link.target));
        if (path.posix.isAbsolute(link.target) || resolved === '..' || resolved.startsWith('../')) {
          // Reported for YAML files and for what looks like a folder (a name without extension).
          if (isConfigPath(link.path) || !path.posix.basename(link.path).includes('.'))
            files.push({ path: link.path, status: 'symlink-escape', target: link.target });
        } else if (resolved === '.' || link.path.startsWith(`${resolved}/`)) {
          // A link to its own folder or an ancestor would loop; the working tree skips it too.
        } else if (paths.has(resolved)) {
          followed.set(link.path, follow(link, resolved, entries, content));
        } else {
          outside.push({ ...link, resolved });
        }
      }
      if (outside.length > 0) {
        // Links to files and folders outside models/ and environments/: one more listing and read.
        const extra = (await list(sha, [...new Set(outside.map((o) => o.resolved))])).filter(
          (e) => e.size <= MAX_FILE_BYTES || e.mode === LINK,
        );
        const extraBlobs = await catFiles(
          dir,
          extra.map((e) => e.sha),
        );
        const extraContent = new Map(extra.map((e, i) => [e.path, extraBlobs[i]!]));
        for (const o of outside) {
          const found = follow(o, o.resolved, extra, extraContent);
          if (found.files.length > 0 || !isConfigPath(o.path)) followed.set(o.path, found);
          else
            files.push({
              path: o.path,
              status: 'unreadable',
              reason: `symbolic link to ${o.resolved}, which is not a file in this revision`,
            });
        }
      }
      addLinked(links, followed, files);
      return inScopeOnly(files).sort(byPath);
    },
  };
}

const LINK = '120000';

interface Link {
  path: string;
  target: string;
}

/** What a link stands for: its target file, or the files of its target folder. */
interface Followed {
  link: Link;
  resolved: string;
  folder: boolean;
  files: TreeFile[];
}

/**
 * Adds the files of the followed links, in link path order, reading a folder through links at most
 * once, as the working tree does (fsTree): a link to a folder already read through a link, or to a
 * folder inside one, is reported; a folder already read that lies inside a newly linked one is
 * reported where it would appear, and left out.
 */
function addLinked(links: readonly Link[], followed: ReadonlyMap<string, Followed>, files: TreeFile[]): void {
  /** Folders read through a link, with the path they were read as. */
  const linked = new Map<string, string>();
  /** Every folder above a linked one. */
  const aboveLinked = new Set<string>();
  for (const link of links) {
    const f = followed.get(link.path);
    if (!f) continue;
    if (!f.folder) {
      for (const file of f.files) files.push(file);
      continue;
    }
    const owner = enclosing(linked, f.resolved);
    if (owner) {
      files.push({ path: link.path, status: 'unreadable', reason: alreadyLinked(owner) });
      continue;
    }
    let out = f.files;
    if (aboveLinked.has(f.resolved)) {
      // The outermost linked folders inside this one: where the working tree's walk would meet them.
      const inner = [...linked.keys()].filter((p) => p.startsWith(`${f.resolved}/`));
      for (const p of inner) {
        if (inner.some((q) => p.startsWith(`${q}/`))) continue;
        const at = `${link.path}${p.slice(f.resolved.length)}`;
        out = out.filter((file) => !file.path.startsWith(`${at}/`));
        out.push({ path: at, status: 'unreadable', reason: alreadyLinked(linked.get(p)!) });
      }
    }
    for (const file of out) files.push(file);
    linked.set(f.resolved, link.path);
    for (let slash = f.resolved.lastIndexOf('/'); slash > 0; slash = f.resolved.lastIndexOf('/', slash - 1))
      aboveLinked.add(f.resolved.slice(0, slash));
  }
}

/** The path `folder` was read as, when it is a linked folder or inside one. */
function enclosing(linked: ReadonlyMap<string, string>, folder: string): string | undefined {
  for (let p = folder; ;) {
    const as = linked.get(p);
    if (as !== undefined) return `${as}${folder.slice(p.length)}`;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return undefined;
    p = p.slice(0, slash);
  }
}

/**
 * The files a symlink stands for: its target file, or every config file under its target folder.
 * `entries` is sorted by path (as git lists it), so a folder's files are found by binary search.
 * Links inside the folder are not followed.
 */
function follow(
  link: Link,
  resolved: string,
  entries: readonly Entry[],
  content: ReadonlyMap<string, Buffer>,
): Followed {
  const out: TreeFile[] = [];
  let folder = true;
  const read = (e: Entry, as: string): void => {
    if (!isConfigPath(as)) return;
    if (e.mode === LINK) out.push({ path: as, status: 'unreadable', reason: linkToLink(e.path) });
    else if (e.size > MAX_FILE_BYTES) out.push({ path: as, status: 'too-large', size: e.size });
    else out.push({ path: as, status: 'ok', content: content.get(e.path)! });
  };
  const prefix = `${resolved}/`;
  for (let i = lowerBound(entries, resolved); i < entries.length; i++) {
    const e = entries[i]!;
    if (e.path === resolved) {
      folder = false;
      read(e, link.path);
    } else if (e.path.startsWith(prefix)) read(e, `${link.path}${e.path.slice(resolved.length)}`);
    else if (e.path > prefix) break;
  }
  return { link, resolved, folder, files: out };
}

/** The first index whose path is not before `path`. */
function lowerBound(entries: readonly Entry[], path: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entries[mid]!.path < path) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads many objects through a single `git cat-file --batch`. simple-git cannot feed a process's
 * standard input, so this one call spawns git itself. With `allowMissing`, a missing object (or a
 * path that is not a blob) reads as `undefined` instead of failing the whole batch.
 */
export function catFiles(
  dir: string,
  names: readonly string[],
  options: { allowMissing: true },
): Promise<Array<Buffer | undefined>>;
export function catFiles(dir: string, names: readonly string[]): Promise<Buffer[]>;
export function catFiles(
  dir: string,
  names: readonly string[],
  options: { allowMissing?: boolean } = {},
): Promise<Array<Buffer | undefined>> {
  if (names.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => undefined); // git exiting early is reported by 'close'
    child.on('error', (error) => reject(gitError(error, 'git cat-file')));
    child.on('close', (code) => {
      if (code !== 0) return reject(gitError(new Error(stderr || `git cat-file exited with ${code}`), 'git cat-file'));
      const out = Buffer.concat(chunks);
      const blobs: Array<Buffer | undefined> = [];
      let pos = 0;
      for (const name of names) {
        const nl = out.indexOf(0x0a, pos);
        const header = out.subarray(pos, nl < 0 ? out.length : nl).toString();
        const [, type, size] = header.split(' ');
        if (
          nl < 0 ||
          header.endsWith(' missing') ||
          header.endsWith(' ambiguous') ||
          type === undefined ||
          size === undefined
        ) {
          if (!options.allowMissing || nl < 0)
            return reject(gitError(new Error(`object ${name} missing`), 'git cat-file'));
          blobs.push(undefined);
          pos = nl + 1;
          continue;
        }
        const start = nl + 1;
        const end = start + Number(size);
        blobs.push(type === 'blob' ? out.subarray(start, end) : undefined);
        pos = end + 1; // the newline after each object
      }
      resolve(blobs);
    });
    child.stdin.end(names.join('\n') + '\n');
  });
}
