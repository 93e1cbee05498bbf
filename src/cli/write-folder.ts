import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../model/errors.js';

function cannotWrite(target: string, error: unknown, hint: string): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : (code ?? String(error));
  return new UserError(`cannot write ${target}: ${why}`, { hint });
}

/**
 * Writes `files` as the whole folder `target`: into a temporary folder beside it, then renamed
 * into place (the old folder renamed away first, then removed), so a reader sees the old folder
 * or the new one, never a mix. A folder holding anything but these files' names is refused, not
 * replaced: it may be someone's work.
 */
export async function writeFolderAtomic(target: string, files: Readonly<Record<string, string>>): Promise<void> {
  const hint = 'pass --out a new folder, or one written by `slipway render --out`, in an existing writable folder';
  let existing: string[] | undefined;
  try {
    if (!(await lstat(target)).isDirectory())
      throw new UserError(`cannot write ${target}: it exists and is not a folder`, { hint });
    existing = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(target, error, hint);
  }
  const foreign = (existing ?? []).filter((name) => !Object.hasOwn(files, name));
  if (foreign.length > 0)
    throw new UserError(
      `cannot write ${target}: it holds ${foreign.length === 1 ? 'a file' : 'files'} slipway did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}), and --out replaces the whole folder`,
      { hint },
    );
  const stem = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  const temp = `${stem}.tmp`;
  try {
    await mkdir(temp);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(temp, name), text, { flag: 'wx' });
    if (existing === undefined) await rename(temp, target);
    else {
      await rename(target, `${stem}.old`);
      try {
        await rename(temp, target);
      } catch (error) {
        await rename(`${stem}.old`, target).catch(() => undefined);
        throw error;
      }
      await rm(`${stem}.old`, { recursive: true, force: true });
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw cannotWrite(target, error, hint);
  }
}
