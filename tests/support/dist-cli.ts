import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The compiled `slipway` executable, for tests that run it as a real process (and kill it). */
export const DIST_CLI = path.join(root, 'dist/cli/bin.cjs');

/** `npm test` builds first; a bare `vitest run` may not have. For a `beforeAll` (allow 2 minutes). */
export function ensureBuilt(): void {
  if (!existsSync(DIST_CLI)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root });
}

/** How a spawned `slipway` ended, and what it printed. */
export interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}
