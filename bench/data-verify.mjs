// @ts-check
/**
 * `node bench/data-verify.mjs`: times `data verify` of one PostgreSQL source of 1,000,000 rows
 * (freshness, dedup and four quality checks) through the compiled dist/, next to `psql` running the
 * same aggregate statement. `npm run bench` runs it last (`BENCH_ONLY=data` runs it alone); never
 * run in CI.
 *
 * Needs `npm run build` first and a PostgreSQL server: SLIPWAY_TEST_PG, else
 * postgres://root@127.0.0.1:5432/test (the table goes into a fresh schema, dropped at the end).
 *
 * Environment: BENCH_ROWS=1000000, BENCH_RUNS=5 (measured runs after one warm-up).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist');
const URL_ = process.env.SLIPWAY_TEST_PG ?? 'postgres://root@127.0.0.1:5432/test';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

if (!existsSync(join(DIST, 'data', 'verify.js'))) {
  console.error('dist/ is missing or stale: run `npm run build` first');
  process.exit(2);
}
const { verifySources } = await import(join(DIST, 'data', 'verify.js'));
const { openSources } = await import(join(DIST, 'engines', 'open.js'));
const { buildAggregate } = await import(join(DIST, 'data', 'query', 'aggregate.js'));
const { declaredChecks } = await import(join(DIST, 'data', 'checks.js'));
const { planCheck } = await import(join(DIST, 'data', 'plan.js'));

const schema = `slipway_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const table = `${schema}.tx`;
const admin = new pg.Client({ connectionString: URL_ });
await admin.connect();

/** @type {import('../src/kinds/index.js').DataSourceSpec} */
const spec = {
  type: 'warehouse',
  engine: 'postgres',
  connection: { secretRef: { provider: 'env', key: 'BENCH_WAREHOUSE_URL' } },
  location: { table },
  owner: 'team:data-eng',
  classification: 'internal',
  freshness: { maxAge: '6h', column: 'updated_at' },
  dedup: { keys: ['id'] },
  quality: [
    { check: 'notNull', column: 'amount' },
    { check: 'range', column: 'amount', min: 0, max: 1000 },
    { check: 'regex', column: 'currency', pattern: '^[A-Z]{3}$' },
    { check: 'accepted', column: 'status', values: ['ok', 'pending', 'failed'] },
  ],
};

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const spread = (/** @type {number[]} */ xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;

try {
  const started = performance.now();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`CREATE TABLE "${schema}".tx (id bigint NOT NULL, account text NOT NULL, amount numeric(10,2),
    currency text NOT NULL, status text NOT NULL, updated_at timestamptz NOT NULL)`);
  await admin.query(
    `INSERT INTO "${schema}".tx SELECT g, 'acct-' || (g % 50000), (g % 10000) / 10.0,
       (ARRAY['USD','EUR','GBP'])[1 + g % 3], (ARRAY['ok','pending','failed'])[1 + g % 3],
       now() - (g % 3600) * interval '1 second' FROM generate_series(1, $1::int) AS g`,
    [ROWS],
  );
  await admin.query(`ANALYZE "${schema}".tx`);
  console.log(
    `table ${table}: ${ROWS.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The statement data verify sends, with its parameters written as literals for psql.
  const { rows: columns } = await admin.query(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0`,
    [`"${schema}".tx`],
  );
  const ctx = { spec, dialect: 'postgres', columns, now: new Date() };
  const measures = declaredChecks(spec).flatMap((c) => planCheck(c, ctx).measures);
  const { query } = buildAggregate('postgres', { kind: 'table', parts: [schema, 'tx'] }, measures);
  const literal = (/** @type {unknown} */ v) =>
    typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  const inlined = query.sql.replace(/\$(\d+)/g, (_, n) => literal(query.params[Number(n) - 1]));
  console.log(`\nthe statement (one per source):\n${inlined}\n`);

  const verifyOnce = async () => {
    const t = performance.now();
    const result = await verifySources({
      environment: 'bench',
      sources: [{ name: 'tx', spec }],
      now: new Date(),
      open: openSources({ root: ROOT, env: { BENCH_WAREHOUSE_URL: URL_ } }),
    });
    const ms = performance.now() - t;
    if (result.summary.errors > 0) throw new Error(`verify errored: ${JSON.stringify(result.sources[0].checks)}`);
    return { ms, result };
  };
  const psqlOnce = () => {
    const t = performance.now();
    const r = spawnSync('psql', [URL_, '-X', '-q', '-A', '-t', '-c', inlined], { encoding: 'utf8' });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    return ms;
  };

  const first = await verifyOnce();
  psqlOnce();
  console.log(
    'checks:',
    first.result.sources[0].checks
      .map((/** @type {{name: string, status: string}} */ c) => `${c.name} ${c.status}`)
      .join(', '),
  );
  const verifyTimes = [];
  const psqlTimes = [];
  for (let i = 0; i < RUNS; i++) {
    verifyTimes.push((await verifyOnce()).ms);
    psqlTimes.push(psqlOnce());
  }
  const v = median(verifyTimes);
  const p = median(psqlTimes);
  console.log(`\n${RUNS} runs each, after one warm-up; median (min-max) wall time`);
  console.log(
    `  slipway verifySources (connect, describe, one aggregate): ${v.toFixed(0)} ms (${spread(verifyTimes)})`,
  );
  console.log(`  psql process, same aggregate statement:                   ${p.toFixed(0)} ms (${spread(psqlTimes)})`);
  console.log(`  ratio: ${(v / p).toFixed(2)}x (target: within 1.5x)`);
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
