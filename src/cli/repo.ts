import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import type { CliIO } from './io.js';

/** The `--repo` folder, resolved against the working directory; a usage error when missing. */
export function resolveRepo(repo: unknown, io: CliIO): string {
  const dir = path.resolve(io.cwd, typeof repo === 'string' ? repo : '.');
  let isDir: boolean | undefined;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = undefined;
  }
  const hint = 'pass --repo with the folder that holds slipway.yaml';
  if (isDir === undefined) throw new UserError(`repository folder ${dir} does not exist`, { hint });
  if (!isDir) throw new UserError(`repository folder ${dir} is not a folder`, { hint });
  return dir;
}
