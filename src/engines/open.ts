import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { locate } from './locate.js';
import { scrub, urlSecrets } from './scrub.js';
import { EngineError, type DataEngine, type OpenOutcome, type SourceOpener, type SourceTarget } from './types.js';

export interface OpenerOptions {
  /** The repository root: file sources are read relative to it, and only inside it. */
  readonly root: string;
  /** Where connection variables are read (process.env in the CLI). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Each engine's module, loaded only when a source needs it (DuckDB alone is tens of megabytes). */
async function engineFor(target: SourceTarget): Promise<DataEngine> {
  switch (target.engine) {
    case 'postgres':
      return (await import('./postgres.js')).postgresEngine;
    case 'sqlite':
      return (await import('./sqlite.js')).sqliteEngine;
    case 'csv':
    case 'parquet':
      return (await import('./duckdb.js')).duckdbEngine;
  }
}

/** The `SourceOpener` of the real engines: resolves the connection, then opens it within the deadline. */
export function openSources(options: OpenerOptions): SourceOpener {
  // DuckDB is confined to the real directory: the one the resolved file paths are in.
  const root = existsSync(options.root) ? realpathSync(options.root) : path.resolve(options.root);
  return async (source, deadline): Promise<OpenOutcome> => {
    const located = locate(source, root, options.env);
    if (located.status !== 'target') return located;
    try {
      const engine = await engineFor(located.target);
      const connection = await engine.open(located.target, { deadline, root });
      return { status: 'open', connection };
    } catch (error) {
      if (error instanceof EngineError) return { status: 'failed', failure: error.failure, detail: error.detail };
      // Not a driver error we know: its text could hold anything, so only scrubbed text leaves.
      const secrets = located.target.engine === 'postgres' ? urlSecrets(located.target.url) : [];
      return {
        status: 'failed',
        failure: 'driver',
        detail: scrub(error instanceof Error ? error.message : String(error), secrets),
      };
    }
  };
}
