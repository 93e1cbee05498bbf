import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, overrideVariable } from '../../src/engines/locate.js';
import { scrub, urlSecrets } from '../../src/engines/scrub.js';
import { tempDir } from '../support/tree.js';
import { check, source, statuses, verify } from './support.js';

const CSV = 'id,amount\n1,2\n';

function repoWithData(): string {
  const root = tempDir('slipway-open-');
  mkdirSync(path.join(root, 'data'));
  writeFileSync(path.join(root, 'data', 'ok.csv'), CSV);
  const outside = tempDir('slipway-outside-');
  writeFileSync(path.join(outside, 'secret.csv'), CSV);
  symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'data', 'link.csv'));
  return root;
}

const csv = (name: string, file: string) => source(name, { engine: 'csv', location: { path: file } });
const pg = (name: string, connection?: { provider: 'env' | 'vault'; key: string }) =>
  source(name, {
    engine: 'postgres',
    location: { table: 'analytics.transactions' },
    ...(connection ? { connection: { secretRef: connection } } : {}),
  });

describe('resolving a source', () => {
  it('names the variable that overrides any secretRef after the source', () => {
    expect(overrideVariable('customer-profiles')).toBe('SLIPWAY_DATA_CUSTOMER_PROFILES_URL');
  });

  it('reads a PostgreSQL URL from the variable an env secretRef names, or from the override', () => {
    const env = { WAREHOUSE_URL: 'postgres://a@h/db', SLIPWAY_DATA_OTHER_URL: 'postgres://b@h/db' };
    expect(locate(pg('tx', { provider: 'env', key: 'WAREHOUSE_URL' }), '/repo', env)).toEqual({
      status: 'target',
      target: {
        engine: 'postgres',
        url: 'postgres://a@h/db',
        relation: { kind: 'table', parts: ['analytics', 'transactions'] },
      },
    });
    expect(locate(pg('other', { provider: 'vault', key: 'secret/x' }), '/repo', env)).toMatchObject({
      status: 'target',
      target: { url: 'postgres://b@h/db' },
    });
  });

  it('skips what it cannot reach, naming the variable to set', () => {
    expect(locate(pg('tx', { provider: 'env', key: 'WAREHOUSE_URL' }), '/repo', {})).toEqual({
      status: 'skipped',
      problem: { reason: 'secret-unset', variable: 'WAREHOUSE_URL' },
    });
    expect(locate(pg('tx', { provider: 'vault', key: 'secret/data/prod' }), '/repo', {})).toEqual({
      status: 'skipped',
      problem: { reason: 'provider-unsupported', provider: 'vault', variable: 'SLIPWAY_DATA_TX_URL' },
    });
    expect(locate(pg('tx'), '/repo', {})).toEqual({
      status: 'skipped',
      problem: { reason: 'no-connection', variable: 'SLIPWAY_DATA_TX_URL' },
    });
    expect(locate(csv('remote', 's3://bucket/x.csv'), '/repo', {})).toEqual({
      status: 'skipped',
      problem: { reason: 'remote-path', path: 's3://bucket/x.csv' },
    });
    expect(locate(source('kafka', { engine: 'kafka', location: { topic: 'payments' } }), '/repo', {})).toEqual({
      status: 'skipped',
      problem: { reason: 'engine-unsupported', engine: 'kafka' },
    });
  });

  it('refuses paths that leave the repository: `..`, absolute elsewhere, or a symbolic link out', () => {
    const root = repoWithData();
    for (const file of ['../outside.csv', '/etc/passwd', 'data/link.csv', 'data/../../x.csv'])
      expect(locate(csv('x', file), root, {})).toEqual({
        status: 'invalid',
        problem: { reason: 'path-escapes-repo', path: file },
      });
    expect(locate(csv('x', 'data/ok.csv'), root, {})).toMatchObject({ status: 'target' });
    expect(locate(csv('x', 'data/none.csv'), root, {})).toEqual({ status: 'missing' });
    expect(locate(source('db', { engine: 'sqlite', location: { path: 'data/x.db' } }), root, {})).toEqual({
      status: 'invalid',
      problem: { reason: 'no-location', field: 'table' },
    });
  });
});

describe('one bad source never stops the others', () => {
  it('verifies each source on its own, whatever happened to the one before', async () => {
    const root = repoWithData();
    const result = await verify(
      root,
      [
        csv('escapes', '../../etc/passwd'),
        pg('closed', { provider: 'env', key: 'CLOSED_URL' }),
        csv('gone', 'data/gone.csv'),
        source('stream', { engine: 'kafka', location: { topic: 't' } }),
        source('ok', { engine: 'csv', location: { path: 'data/ok.csv' }, quality: [{ check: 'rowCount', min: 1 }] }),
      ],
      { env: { CLOSED_URL: 'postgres://root:pw-closed-port@127.0.0.1:1/test' } },
    );
    expect(result.sources.map((s) => [s.name, s.status])).toEqual([
      ['escapes', 'error'],
      ['closed', 'error'],
      ['gone', 'fail'],
      ['stream', 'skipped'],
      ['ok', 'pass'],
    ]);
    expect(check(result.sources[1], 'accessible')).toMatchObject({ problem: { reason: 'connect' } });
    expect(result.sources[3]?.problem).toEqual({ reason: 'engine-unsupported', engine: 'kafka' });
    expect(statuses(result.sources[4])).toEqual([
      ['accessible', 'pass'],
      ['rowCount', 'pass'],
    ]);
    expect(result.summary).toEqual({ passed: 2, failed: 1, errors: 2, skipped: 1 });
    expect(JSON.stringify(result)).not.toContain('pw-closed-port');
  });
});

describe('scrubbing driver messages', () => {
  it('removes the URL, its password as written and decoded, any user:password@ and password= text', () => {
    const url = 'postgres://app:p%40ss%2Fw0rd@db.internal:5432/warehouse';
    const message = [
      `could not connect to ${url}`,
      'password authentication failed (p@ss/w0rd)',
      'retrying mysql://other:hunter22@h/x',
      'dsn host=h password=topsecret user=u',
    ].join('; ');
    expect(scrub(message, urlSecrets(url))).toBe(
      'could not connect to ***; password authentication failed (***); retrying mysql://***@h/x; dsn host=h password=*** user=u',
    );
  });
});
