import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../model/errors.js';

/**
 * Writes `text` to `target` through a temporary file in the same folder and a rename, so a
 * reader never sees a half-written report and a failed write leaves the old file as it was.
 * Any failure is a UserError (exit 2) naming the file; `flag` is the option that named it.
 */
export async function writeFileAtomic(target: string, text: string, flag = '--output'): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
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
    throw new UserError(`cannot write ${target}: ${why}`, {
      hint: `pass ${flag} a file path in an existing, writable folder`,
    });
  }
}
