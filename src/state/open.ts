import { existsSync, mkdirSync } from 'node:fs';
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
        } catch (error) {
          throw new UserError(
            `cannot create the folder of state store ${location.display} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
            {
              hint: 'check the path in --state, SLIPWAY_STATE or slipway.yaml spec.state.url',
            },
          );
        }
      }
      return openSqliteStore(location.file, { display: location.display });
    }
    case 'postgres': {
      const { openPgStore } = await import('./pg.js');
      return openPgStore(location.url, { display: location.display });
    }
  }
}
