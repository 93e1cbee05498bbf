import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from './errors.js';
import type { CliIO } from './io.js';

/** The `--repo` folder, resolved against the working directory; a usage error when missing. */
export function resolveRepo(repo: unknown, io: CliIO): string {
  const dir = path.resolve(io.cwd, typeof repo === 'string' ? repo : '.');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UserError(`repository folder ${dir} does not exist`, { hint: 'pass --repo with the folder that holds slipway.yaml' });
  return dir;
}
