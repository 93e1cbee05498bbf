import { describe, expect, it } from 'vitest';
import { redact, resolveStateLocation } from '../../src/state/url.js';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { TestRepo } from '../support/config-repo.js';

const SECRET = 'S3cr3t';

/** Every form `pg` (pg-connection-string) reads a password from, and the display each must get. */
const FORMS: Array<[url: string, display: string]> = [
  [`postgres://u:${SECRET}@host/db`, 'postgres://u:***@host/db'],
  [`postgres://u:pa@${SECRET}@host/db`, 'postgres://u:***@host/db'],
  [`postgresql://u:${SECRET}@pa@ss@host:5432/db`, 'postgresql://u:***@host:5432/db'],
  [`postgres://u:pa/${SECRET}@host/db`, 'postgres://u:***@host/db'],
  [`postgres://u:${SECRET}/x?y#z@host/db`, 'postgres://u:***@host/db'],
  [`postgres://:${SECRET}@host/db`, 'postgres://:***@host/db'],
  [`postgres://u@host/db?password=${SECRET}`, 'postgres://u@host/db?password=***'],
  [
    `postgres://u@host/db?sslmode=require&sslpassword=${SECRET}`,
    'postgres://u@host/db?sslmode=require&sslpassword=***',
  ],
  [`postgres://u@host/db?pass%77ord=${SECRET}&schema=s`, 'postgres://u@host/db?pass%77ord=***&schema=s'],
  [`postgres://u@host/db?PASSWORD=${SECRET}#frag`, 'postgres://u@host/db?PASSWORD=***#frag'],
  // A `@` in the query after a user-information password: over-masked, never partly shown.
  [`postgres://u:pw@host/db?password=a@${SECRET}`, 'postgres://u:***'],
  [`postgres://u:x@host/db?password=${SECRET}@b`, 'postgres://u:***'],
];

describe('state URL redaction', () => {
  it.each(FORMS)('%s is shown as %s', (url, display) => {
    expect(redact(url)).toBe(display);
    expect(redact(url)).not.toContain(SECRET);
  });

  it('leaves URLs without passwords readable', () => {
    expect(redact('postgres://u@host:5432/db?schema=slipway')).toBe('postgres://u@host:5432/db?schema=slipway');
    expect(redact('postgres://host/db')).toBe('postgres://host/db');
  });

  it.each(FORMS.filter(([url]) => !url.includes('/x?y#z')))('the location of %s displays no password', (url) => {
    const location = resolveStateLocation({ flag: url, repoRoot: '/', cwd: '/' });
    expect(location.display).not.toContain(SECRET);
  });

  it('an invalid state URL is refused with its password masked', () => {
    expect(() => resolveStateLocation({ flag: `postgres://u:${SECRET}@h st/db`, repoRoot: '/', cwd: '/' })).toThrow(
      /^invalid state URL postgres:\/\/u:\*\*\*@h st\/db \(from --state\)/,
    );
  });
});

describe('the CLI never prints a state store password', () => {
  const repo = new TestRepo();
  repo.commit(reconcileRepo());
  // Port 1 on the loopback: nothing listens, so `pg` fails to connect and the message names the store.
  const attacks = [
    `postgres://u:pa@${SECRET}@127.0.0.1:1/db`,
    `postgres://u:pa/${SECRET}@127.0.0.1:1/db`,
    `postgres://u@127.0.0.1:1/db?password=${SECRET}`,
    `postgres://u@127.0.0.1:1/db?sslpassword=${SECRET}&sslmode=disable`,
  ];
  it.each(attacks)('status --state %s', async (url) => {
    for (const env of [{ SLIPWAY_STATE: url }, {}]) {
      const argv = ['status', '--env', 'prod', '--repo', repo.dir, ...('SLIPWAY_STATE' in env ? [] : ['--state', url])];
      const result = await runCli(argv, { cwd: repo.dir, env: { ...env, SLIPWAY_DEBUG: '1' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/state (store|URL) postgres:\/\/u(:\*\*\*)?@/);
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }
  });
});
