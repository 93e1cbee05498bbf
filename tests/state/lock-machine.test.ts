import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { lockedError, tookOverMessage } from '../../src/format/lease.js';
import { acquireEnvLock } from '../../src/apply/lock.js';
import { localMachine, processState } from '../../src/state/machine.js';
import { openPgStore } from '../../src/state/pg.js';
import { openSqliteStore } from '../../src/state/sqlite.js';
import type { StateStore } from '../../src/state/store.js';
import { tempDir } from '../support/tree.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const ANOTHER_BOOT = 'boot:00000000-0000-4000-8000-000000000000 pid:[4026531836]';
const linux = process.platform === 'linux';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** A real process that keeps running until killed. */
function sleeper(): ChildProcess {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** A process that has exited and was reaped: its pid names nothing any more. */
async function deadPid(): Promise<number> {
  const child = sleeper();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return child.pid!;
}

/**
 * A zombie: `sleep 0.05` started in the background by a shell that then becomes `sleep 60` (exec),
 * which never waits for children. The background process exits and stays unreaped.
 */
async function zombiePid(): Promise<number> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) =>
    parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  while (processState(pid) !== 'zombie') await new Promise((r) => setTimeout(r, 20));
  return pid;
}

interface Stores {
  /** The store as this process sees it. */
  ours: StateStore;
  /** The same store as a process on another boot (or machine, or pid namespace) sees it. */
  elsewhere: StateStore;
}

async function holdWith(store: StateStore, pid: number, expiresAt = '2026-11-28T12:30:00.000Z'): Promise<void> {
  const attempt = await store.acquireLock(
    {
      env: 'prod',
      id: 'holder',
      owner: 'mallory',
      host: hostname(),
      pid,
      acquiredAt: '2026-11-28T11:59:00.000Z',
      expiresAt,
    },
    () => undefined,
  );
  expect(attempt.acquired).toBe(true);
}

/** `apply`'s own lock code, with no waiting: the lease, or the refusal. */
async function attempt(store: StateStore, now = NOW): Promise<{ warned: string[]; error?: string }> {
  const warned: string[] = [];
  const outcome = await acquireEnvLock({ store, env: 'prod', owner: 'alice', timeoutMs: 0, now: () => now });
  if (outcome.kind !== 'held') return { warned, error: lockedError('prod', outcome.holder).message };
  if (outcome.tookOver) warned.push(tookOverMessage('prod', outcome.tookOver.holder, outcome.tookOver.reason));
  await outcome.lock.release();
  return { warned };
}

function lockCases(name: string, open: () => Promise<Stores>): void {
  describe.runIf(linux)(`lock takeover by pid (${name})`, () => {
    it('takes over a holder of this machine whose process has exited', async () => {
      const { ours, elsewhere } = await open();
      const pid = await deadPid();
      await holdWith(ours, pid);
      const r = await attempt(ours);
      expect(r.error).toBeUndefined();
      expect(r.warned).toEqual([expect.stringMatching(new RegExp(`its process ${pid} on .* is no longer running$`))]);
      await Promise.all([ours.close(), elsewhere.close()]);
    });

    it('takes over a holder of this machine whose process is a zombie', async () => {
      const { ours, elsewhere } = await open();
      const pid = await zombiePid();
      await holdWith(ours, pid);
      const r = await attempt(ours);
      expect(r.error).toBeUndefined();
      expect(r.warned).toEqual([
        expect.stringMatching(
          new RegExp(`: its process ${pid} on .* has exited \\(a zombie its parent has not reaped\\)$`),
        ),
      ]);
      await Promise.all([ours.close(), elsewhere.close()]);
    });

    it('respects a holder of this machine whose process runs', async () => {
      const { ours, elsewhere } = await open();
      await holdWith(ours, sleeper().pid!);
      expect((await attempt(ours)).error).toMatch(/^environment prod is locked by mallory on /);
      await Promise.all([ours.close(), elsewhere.close()]);
    });

    it('never takes over by pid a lease of another boot, machine or pid namespace with the same host name', async () => {
      const { ours, elsewhere } = await open();
      for (const pid of [await deadPid(), await zombiePid()]) {
        await elsewhere.forceUnlock('prod');
        await holdWith(elsewhere, pid);
        const r = await attempt(ours);
        expect(r.error).toMatch(new RegExp(`^environment prod is locked by mallory on ${hostname()} \\(pid ${pid}\\)`));
        expect(r.warned).toEqual([]);
      }
      // Once its lease has expired, it is taken over like any other.
      const later = await attempt(ours, new Date('2026-11-28T12:31:00Z'));
      expect(later.warned).toEqual([expect.stringMatching(/: its lease expired at 2026-11-28T12:30:00.000Z$/)]);
      await Promise.all([ours.close(), elsewhere.close()]);
    });
  });
}

lockCases('SQLite', async () => {
  const file = path.join(tempDir(), 'state.db');
  return {
    ours: await openSqliteStore(file, { display: 'state.db' }),
    elsewhere: await openSqliteStore(file, { display: 'state.db', machine: ANOTHER_BOOT }),
  };
});

const { PGUSER = 'root', PGHOST = '127.0.0.1', PGPORT = '5432', PGDATABASE = 'test' } = process.env;
const BASE = process.env.SLIPWAY_TEST_PG ?? `postgres://${PGUSER}@${PGHOST}:${PGPORT}/${PGDATABASE}`;
/** The real PostgreSQL of the test machine, as tests/state/pg.test.ts uses it; skipped without one. */
async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: BASE, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
const pgUp = await reachable();
const schemas: string[] = [];
afterAll(async () => {
  if (!pgUp || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
});
if (pgUp)
  lockCases('PostgreSQL', async () => {
    const schema = `slipway_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    schemas.push(schema);
    const url = `${BASE}?schema=${schema}`;
    return {
      ours: await openPgStore(url, { display: 'pg' }),
      elsewhere: await openPgStore(url, { display: 'pg', machine: ANOTHER_BOOT }),
    };
  });

describe.runIf(linux)('the machine a pid belongs to', () => {
  it('is this boot and pid namespace', () => {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    expect(localMachine()).toMatch(new RegExp(`^boot:${boot} pid:\\[\\d+\\]$`));
  });

  it('reads process states from /proc', async () => {
    expect(processState(process.pid)).toBe('running');
    expect(processState(await deadPid())).toBe('gone');
    expect(processState(await zombiePid())).toBe('zombie');
  });
});
