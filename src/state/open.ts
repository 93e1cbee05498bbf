import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../model/errors.js';
import type { StateStore } from './store.js';
import type { StateLocation } from './url.js';

export interface OpenOptions {
  /**
   * Read-only commands (plan, status, history) must not create a store that does not exist:
   * they get an empty in-memory one instead, and nothing is written to disk.
   */
  create: boolean;
  /**
   * Whether the command writes to an existing store (unlock). Without `create` or `write`, a
   * SQLite store is opened read-only: never migrated, its journal mode left as it is.
   */
  write?: boolean;
}

/** Whether the store at `location` exists (a PostgreSQL store always may). */
export function storeExists(location: StateLocation): boolean {
  return location.type !== 'sqlite' || existsSync(location.file);
}

/** Opens the store at `location`. Database drivers are imported here, only when needed. */
export async function openStore(location: StateLocation, options: OpenOptions): Promise<StateStore> {
  switch (location.type) {
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite.js');
      if (!existsSync(location.file)) {
        if (!options.create) return openSqliteStore(':memory:', { display: location.display });
        try {
          mkdirSync(path.dirname(location.file), { recursive: true });
          ignoreStoreFolder(path.dirname(location.file));
        } catch (error) {
          throw new UserError(
            `cannot create the folder of state store ${location.display} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
            {
              hint: 'check the path in --state, SLIPWAY_STATE or slipway.yaml spec.state.url',
            },
          );
        }
      }
      return openSqliteStore(location.file, {
        display: location.display,
        readOnly: !options.create && !options.write,
      });
    }
    case 'postgres': {
      const { openPgStore } = await import('./pg.js');
      return openPgStore(location.url, { display: location.display });
    }
  }
}

/**
 * The embedded store's folder (`.slipway/`) keeps the state and the audit log, which must never
 * be committed: the command that creates the store writes a `.gitignore` of `*` there, so a
 * `git add -A` leaves them out even in a repository whose own `.gitignore` does not.
 */
function ignoreStoreFolder(dir: string): void {
  if (path.basename(dir) !== '.slipway') return;
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file))
    writeFileSync(file, '# Written by slipway: the state store and its audit log are never committed.\n*\n');
}
