import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { SourceProblem, SourceRef, SourceTarget } from './types.js';

/** Where a source is, or why it cannot be reached from here. */
export type Located =
  | { readonly status: 'target'; readonly target: SourceTarget }
  | { readonly status: 'missing' }
  | { readonly status: 'skipped'; readonly problem: SourceProblem }
  | { readonly status: 'invalid'; readonly problem: SourceProblem };

/**
 * The variable that holds a source's connection URL when its secret lives in a provider Slipway
 * cannot read (vault, a cloud secret manager): `SLIPWAY_DATA_<NAME>_URL`, the name upper-cased
 * with every other character as `_`. Set, it wins over any secretRef.
 */
export function overrideVariable(sourceName: string): string {
  return `SLIPWAY_DATA_${sourceName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;
const GLOB = /[*?[]/;

/**
 * Resolves a source's connection: a URL from the environment for PostgreSQL (`connection.secretRef`
 * with provider `env` names the variable), a file under the repository for SQLite, CSV and Parquet.
 * Reads the environment and the file system; never returns a secret in a problem.
 */
export function locate(source: SourceRef, root: string, env: Readonly<Record<string, string | undefined>>): Located {
  const { spec } = source;
  switch (spec.engine) {
    case 'postgres': {
      const table = spec.location.table;
      if (!table) return { status: 'invalid', problem: { reason: 'no-location', field: 'table' } };
      const relation = { kind: 'table', parts: table.split('.') } as const;
      const variable = overrideVariable(source.name);
      const override = env[variable];
      if (override) return { status: 'target', target: { engine: 'postgres', url: override, relation } };
      const ref = spec.connection?.secretRef;
      if (!ref) return { status: 'skipped', problem: { reason: 'no-connection', variable } };
      if (ref.provider !== 'env')
        return { status: 'skipped', problem: { reason: 'provider-unsupported', provider: ref.provider, variable } };
      const url = env[ref.key];
      if (!url) return { status: 'skipped', problem: { reason: 'secret-unset', variable: ref.key } };
      return { status: 'target', target: { engine: 'postgres', url, relation } };
    }
    case 'sqlite':
    case 'csv':
    case 'parquet': {
      const file = spec.location.path;
      if (!file) return { status: 'invalid', problem: { reason: 'no-location', field: 'path' } };
      if (REMOTE.test(file)) return { status: 'skipped', problem: { reason: 'remote-path', path: file } };
      if (spec.engine === 'sqlite' && !spec.location.table)
        return { status: 'invalid', problem: { reason: 'no-location', field: 'table' } };
      const resolved = insideRoot(root, file);
      if (resolved === undefined) return { status: 'invalid', problem: { reason: 'path-escapes-repo', path: file } };
      if (!GLOB.test(file) && !existsSync(resolved)) return { status: 'missing' };
      const relation =
        spec.engine === 'sqlite'
          ? ({ kind: 'table', parts: [spec.location.table!] } as const)
          : ({ kind: spec.engine, path: resolved } as const);
      return { status: 'target', target: { engine: spec.engine, path: resolved, relation } };
    }
    default:
      return { status: 'skipped', problem: { reason: 'engine-unsupported', engine: spec.engine } };
  }
}

/**
 * The absolute path of `file` (relative to the repository root), or undefined when it leaves the
 * repository, by `..`, by being absolute elsewhere, or through a symbolic link.
 */
function insideRoot(root: string, file: string): string | undefined {
  const realRoot = existsSync(root) ? realpathSync(root) : path.resolve(root);
  const resolved = path.resolve(realRoot, file);
  if (!contains(realRoot, resolved)) return undefined;
  if (GLOB.test(file) || !existsSync(resolved)) return resolved;
  const real = realpathSync(resolved);
  return contains(realRoot, real) ? real : undefined;
}

function contains(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
