import { statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import type { CliIO } from './io.js';

/** The files that mark a repository's root, as the loader reads them. */
const PROJECT_FILES = ['slipway.yaml', 'slipway.yml'];

/**
 * The repository root: the `--repo` folder (default the working directory), or, as git finds
 * `.git`, the nearest parent of it that holds slipway.yaml. A usage error when the folder is
 * missing, or when neither it nor any parent holds slipway.yaml: validating a folder without a
 * Project would report `0 errors in 0 files` and look like success.
 */
export function resolveRepo(repo: unknown, io: CliIO): string {
  const start = path.resolve(io.cwd, typeof repo === 'string' ? repo : '.');
  let isDir: boolean | undefined;
  try {
    isDir = statSync(start).isDirectory();
  } catch {
    isDir = undefined;
  }
  const hint = 'pass --repo with the folder that holds slipway.yaml';
  if (isDir === undefined) throw new UserError(`repository folder ${start} does not exist`, { hint });
  if (!isDir) throw new UserError(`repository folder ${start} is not a folder`, { hint });
  for (let dir = start; ;) {
    if (PROJECT_FILES.some((name) => isFile(path.join(dir, name)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new UserError(`no slipway.yaml in ${start} or its parents`, {
    hint: 'run slipway inside a configuration repository (the folder that holds slipway.yaml, or one below it), or pass --repo with that folder',
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
