import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KINDS, type Kind } from '../kinds/index.js';
import { UserError } from '../model/errors.js';
import { VERSION } from '../model/project-info.js';
import { scaffoldFiles, type PublishedSchema } from '../world/scaffold.js';

/** The schemas this package ships (schemas/ at the package root, beside dist/ and src/). */
const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

export interface InitOptions {
  /** The folder to write into, resolved; made when missing. */
  dir: string;
  /** The project's name; by default the folder's name, made a DNS label. */
  name?: string | undefined;
}

export type InitResult =
  | { kind: 'written'; dir: string; name: string; files: string[] }
  /** Files it would write already exist (repository-relative, `/` separators): nothing was written. */
  | { kind: 'exists'; dir: string; existing: string[] };

/**
 * `slipway init`: the files of a new configuration repository (world/scaffold.ts), with the
 * package's schemas for the editor. Every file is checked before the first is written, and
 * none is ever overwritten (each is created exclusively), so a refusal leaves the folder as it
 * was. A name that is not a DNS label throws the domain's ScaffoldError.
 */
export async function initRepository(options: InitOptions): Promise<InitResult> {
  const name = options.name ?? nameFromFolder(options.dir);
  const files = scaffoldFiles({ name, slipwayVersion: VERSION, schemas: await packageSchemas() });
  const folder = await lstat(options.dir).catch(() => undefined);
  if (folder && !folder.isDirectory())
    throw new UserError(`${options.dir} is not a folder`, { hint: 'name a new or empty folder to init' });
  const existing: string[] = [];
  for (const file of files.keys()) if (await taken(path.join(options.dir, file))) existing.push(file);
  if (existing.length > 0) return { kind: 'exists', dir: options.dir, existing };
  for (const [file, content] of files) {
    const target = path.join(options.dir, file);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content, { flag: 'wx' });
    } catch (error) {
      throw new UserError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        hint: 'check that the folder is writable (files written before this one are kept)',
        kind: 'environment',
      });
    }
  }
  return { kind: 'written', dir: options.dir, name, files: [...files.keys()] };
}

async function packageSchemas(): Promise<Map<Kind, PublishedSchema>> {
  const entries = await Promise.all(
    KINDS.map(async (kind) => {
      const text = await readFile(new URL(`${kind.toLowerCase()}.schema.json`, SCHEMA_DIR), 'utf8');
      return [kind, JSON.parse(text) as PublishedSchema] as const;
    }),
  );
  return new Map(entries);
}

/** Whether something is at `file`, or a file stands where one of its folders should be. */
async function taken(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR';
  }
}

/** `ML Config` → `ml-config`; `ml-config` when nothing of the folder's name is left. */
function nameFromFolder(dir: string): string {
  const label = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return label || 'ml-config';
}
