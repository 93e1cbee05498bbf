import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/state/sqlite.js';
import { resolveStateLocation } from '../../src/state/url.js';
import { UserError } from '../../src/model/errors.js';
import { tempDir } from '../support/tree.js';

describe('SQLite state store', () => {
  it('writes ahead to a journal, and keeps that after reopening', async () => {
    const file = path.join(tempDir(), 'state.db');
    await (await openSqliteStore(file, { display: 'state.db' })).close();
    const again = await openSqliteStore(file, { display: 'state.db' });
    await again.close();
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a corrupt file clearly and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'state.db');
    const junk = Buffer.from('this is not a database at all, just some text padding '.repeat(100));
    writeFileSync(file, junk);
    const error = await openSqliteStore(file, { display: '.slipway/state.db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /^state store \.slipway\/state\.db is not a readable Slipway SQLite database/,
    );
    expect(readFileSync(file).equals(junk)).toBe(true);
  });
});

describe('state URL resolution', () => {
  const base = { repoRoot: '/repo', cwd: '/work' };
  it('prefers --state, then SLIPWAY_STATE, then slipway.yaml, then the default', () => {
    expect(
      resolveStateLocation({ ...base, flag: 'sqlite:a.db', env: 'sqlite:b.db', project: 'sqlite:c.db' }),
    ).toMatchObject({ file: '/work/a.db', from: '--state' });
    expect(resolveStateLocation({ ...base, env: 'sqlite:b.db', project: 'sqlite:c.db' })).toMatchObject({
      file: '/work/b.db',
      from: 'SLIPWAY_STATE',
    });
    expect(resolveStateLocation({ ...base, project: 'sqlite:c.db' })).toMatchObject({
      file: '/repo/c.db',
      display: 'c.db',
      from: 'slipway.yaml',
    });
    expect(resolveStateLocation(base)).toEqual({
      type: 'sqlite',
      file: '/repo/.slipway/state.db',
      display: '.slipway/state.db',
      from: 'default',
    });
    expect(resolveStateLocation({ ...base, flag: 'sqlite:///tmp/x.db' })).toMatchObject({ file: '/tmp/x.db' });
  });
  it('rejects other URLs and never shows a password', () => {
    expect(() => resolveStateLocation({ ...base, flag: 'mysql://x' })).toThrow(
      /^invalid state URL mysql:\/\/x \(from --state\)/,
    );
    expect(resolveStateLocation({ ...base, flag: 'postgres://u:secret@db:5432/s' })).toMatchObject({
      type: 'postgres',
      display: 'postgres://u:***@db:5432/s',
    });
  });
});
