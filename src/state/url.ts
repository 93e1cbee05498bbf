import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../model/errors.js';

/** Where the state store is, parsed from a URL. */
export type StateLocation =
  | { type: 'sqlite'; file: string; display: string; from: StateUrlSource }
  | { type: 'postgres'; url: string; display: string; from: StateUrlSource };

export type StateUrlSource = '--state' | 'SLIPWAY_STATE' | 'slipway.yaml' | 'default';

const DEFAULT_STATE_URL = 'sqlite:.slipway/state.db';

/** `sqlite:PATH` (relative or absolute; `sqlite://` forms accepted) or `postgres://` / `postgresql://`. */
const StateUrl = z.union([
  z.string().regex(/^sqlite:(?!\/\/\/?$).+$/, 'a sqlite URL needs a path, e.g. sqlite:.slipway/state.db'),
  z.string().regex(/^postgres(ql)?:\/\/[^\s]+$/, 'a postgres URL looks like postgres://user@host:5432/db'),
]);
type StateUrl = z.infer<typeof StateUrl>;

export interface StateUrlInputs {
  flag?: string | undefined;
  env?: string | undefined;
  project?: string | undefined;
  /** Repository root: relative paths from slipway.yaml and the default resolve against it. */
  repoRoot: string;
  /** Working directory: relative paths given on the command line or in the environment resolve against it. */
  cwd: string;
}

/** `--state` > `SLIPWAY_STATE` > slipway.yaml `spec.state.url` > `sqlite:.slipway/state.db` in the repository. */
export function resolveStateLocation(inputs: StateUrlInputs): StateLocation {
  const candidates: Array<[StateUrlSource, string | undefined, string]> = [
    ['--state', inputs.flag, inputs.cwd],
    ['SLIPWAY_STATE', inputs.env, inputs.cwd],
    ['slipway.yaml', inputs.project, inputs.repoRoot],
    ['default', DEFAULT_STATE_URL, inputs.repoRoot],
  ];
  const [from, raw, base] = candidates.find(([, value]) => value !== undefined && value !== '')!;
  const parsed = StateUrl.safeParse(raw);
  if (!parsed.success) {
    throw new UserError(
      `invalid state URL ${redact(raw ?? '')} (from ${from}): ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      {
        hint: 'use sqlite:PATH (e.g. sqlite:.slipway/state.db) or postgres://user@host:5432/db',
      },
    );
  }
  const url = parsed.data;
  if (url.startsWith('postgres')) return { type: 'postgres', url, display: redact(url), from };
  let file = url.slice('sqlite:'.length);
  if (file.startsWith('//')) file = file.slice(2); // sqlite:///abs/path and sqlite://rel/path
  const abs = path.resolve(base, file);
  const rel = path.relative(inputs.repoRoot, abs);
  const display = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return { type: 'sqlite', file: abs, display, from };
}

/**
 * A URL without its passwords, for messages. Masks every place `pg` (pg-connection-string) reads a password
 * from, whatever the URL looks like, valid or not:
 * - the password of the user information: from the first `:` after `scheme://` to the LAST `@`, so an unencoded
 *   `@`, `/`, `?` or `#` in the password is masked too (a `@` later in the query over-masks: safe);
 * - the value of every query parameter whose decoded name contains `password` (`?password=`, `?sslpassword=`,
 *   `?pass%77ord=`), up to the next `&` or `#`.
 * Overlapping masks merge, so no part of a password survives between them.
 */
export function redact(url: string): string {
  const masks: Array<[number, number]> = [];
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const colon = url.indexOf(':', scheme.length);
  const at = url.lastIndexOf('@');
  if (colon !== -1 && colon < at) masks.push([colon + 1, at]);
  for (const match of url.matchAll(/[?&]([^=&#?]*)=([^&#]*)/g)) {
    if (!decodedName(match[1]!).includes('password')) continue;
    const end = match.index + match[0].length;
    masks.push([end - match[2]!.length, end]);
  }
  masks.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of masks) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let from = 0;
  for (const [start, end] of merged) {
    out += `${url.slice(from, start)}***`;
    from = end;
  }
  return out + url.slice(from);
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}
