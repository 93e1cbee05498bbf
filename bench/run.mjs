// @ts-check
/**
 * `npm run bench`: times whole CLI processes (cold start included, as CI sees them) on
 * synthetic repositories of 100, 1,000 and 10,000 resources, next to baselines run in the
 * same session on the same files. Reports median wall time, spread (min-max), median CPU time
 * (user + system) and peak RSS. Not a test; never run in CI.
 *
 * Environment:
 *   BENCH_SIZES=100,1000,10000   sizes to run
 *   BENCH_RUNS=5                 measured runs per entry (after one warm-up run)
 *   BENCH_ONLY=validate,gate     only entries whose name contains one of these words
 *
 * Results: printed as a table, and written to bench/.work/results.{json,md}.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, writeRepo } from './generate.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const WORK = join(ROOT, 'bench', '.work');
const CLI = join(ROOT, 'dist', 'cli', 'bin.cjs');
const AJV = join(ROOT, 'node_modules', '.bin', 'ajv');
const TIME = '/usr/bin/time';
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const hasTime = existsSync(TIME);

/**
 * @typedef {{ argv: string[], cwd?: string, ok?: number[] }} Step
 * @typedef {{ name: string, group: string, size?: number, steps: Step[], setup?: () => void, note?: string }} Entry
 * @typedef {{ name: string, group: string, size?: number, runs: number, wall: number[], cpu: number[], rss: number[], note?: string, skipped?: string }} Result
 */

/** Runs one step, returning wall ms, CPU ms (user+sys) and peak RSS in KiB (from GNU time). */
function runStep(/** @type {Step} */ step) {
  const out = join(WORK, 'time.out');
  const argv = hasTime ? [TIME, '-f', '%U %S %M', '-o', out, ...step.argv] : step.argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(/** @type {string} */ (argv[0]), argv.slice(1), {
    cwd: step.cwd ?? ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const ok = step.ok ?? [0];
  if (r.status === null || !ok.includes(r.status)) {
    throw new Error(
      `\`${step.argv.join(' ')}\` exited ${r.status ?? r.signal}: ${String(r.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  let cpu = NaN;
  let rss = NaN;
  if (hasTime) {
    // GNU time prints "Command exited with non-zero status N" first when the status is not 0.
    const line = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
    const [u, s, m] = line.split(' ').map(Number);
    cpu = ((u ?? NaN) + (s ?? NaN)) * 1000;
    rss = m ?? NaN;
  }
  return { wall, cpu, rss };
}

/**
 * One warm-up round, then RUNS measured rounds over a block of entries (one size), taking turns:
 * entry A, B, C, A, B, C... A VM's speed drifts over tens of seconds, and interleaving puts that
 * drift into every entry's spread instead of between entries, so the ratios compare like with
 * like. The steps of an entry run in sequence and add up.
 */
function measureBlock(/** @type {Entry[]} */ block) {
  /** @type {Result[]} */
  const results = block.map((entry) => ({
    name: entry.name,
    group: entry.group,
    size: entry.size,
    runs: RUNS,
    wall: [],
    cpu: [],
    rss: [],
    note: entry.note,
  }));
  for (let i = 0; i <= RUNS; i++) {
    block.forEach((entry, k) => {
      const result = /** @type {Result} */ (results[k]);
      if (result.skipped) return;
      try {
        entry.setup?.();
        let wall = 0;
        let cpu = 0;
        let rss = 0;
        for (const step of entry.steps) {
          const r = runStep(step);
          wall += r.wall;
          cpu += r.cpu;
          rss = Math.max(rss, r.rss);
        }
        if (i === 0) return; // warm-up: file cache, compiled code cache
        result.wall.push(wall);
        result.cpu.push(cpu);
        result.rss.push(rss);
      } catch (error) {
        result.skipped = `failed: ${error instanceof Error ? error.message : String(error)}`;
        result.wall = [];
      }
    });
    process.stderr.write(i === 0 ? '  warm-up done\n' : `  round ${i}/${RUNS} done\n`);
  }
  return results;
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? /** @type {number} */ (s[mid]) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const fmtMs = (/** @type {number} */ ms) =>
  Number.isNaN(ms) ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
const fmtMb = (/** @type {number} */ kb) => (Number.isNaN(kb) ? 'n/a' : `${Math.round(kb / 1024)} MB`);

/** A command that exits 2 saying it is not implemented yet is skipped, not failed. */
function notImplemented(/** @type {string[]} */ args) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return r.status === 2 && /not implemented/i.test(r.stderr) ? r.stderr.trim().replace(/^error: /, '') : undefined;
}

function ensureRepo(/** @type {number} */ size) {
  const dir = join(WORK, `repo-${size}`);
  const stamp = join(WORK, `repo-${size}.stamp`);
  const want = `generator ${GENERATOR_VERSION} size ${size}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(join(dir, '.git'))) return dir;
  process.stderr.write(`generating ${dir} ...\n`);
  const r = writeRepo(size, dir);
  process.stderr.write(
    `  ${r.resources} resources in ${r.files} files; the second commit changes ${r.changed} deployments\n`,
  );
  writeFileSync(stamp, want);
  return dir;
}

const KIND_FILES = /** @type {const} */ ([
  ['project', 'slipway.yaml'],
  ['model', 'models/*/model.yaml'],
  ['environment', 'environments/*/environment.yaml'],
  ['deployment', 'environments/*/deployments/*.yaml'],
  ['datasource', 'environments/*/data-sources/*.yaml'],
  ['errorpolicy', 'environments/*/error-policies/*.yaml'],
  ['accesspolicy', 'environments/*/access-policies/*.yaml'],
  ['consumer', 'environments/*/consumers/*.yaml'],
]);
const ENVS = ['dev', 'staging', 'prod'];

function main() {
  if (!existsSync(CLI)) {
    process.stderr.write('building dist/ first (npm run build) ...\n');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) process.exit(1);
  }
  mkdirSync(WORK, { recursive: true });
  const node = process.execPath;
  const slipway = (/** @type {string[]} */ args, /** @type {number[]} */ ok = [0]) => ({
    argv: [node, CLI, ...args],
    ok,
  });

  /** @type {Entry[]} */
  const entries = [
    { name: 'node -e 0', group: 'baseline', steps: [{ argv: [node, '-e', '0'] }] },
    { name: 'slipway --version', group: 'slipway', steps: [slipway(['--version'])] },
  ];
  /** @type {Map<string, string>} */
  const skipped = new Map();
  const probe = (/** @type {string} */ cmd, /** @type {string[]} */ args) => {
    if (!skipped.has(cmd)) {
      const why = notImplemented(args);
      skipped.set(cmd, why ?? '');
    }
    return skipped.get(cmd) || undefined;
  };

  for (const size of SIZES) {
    const dir = ensureRepo(size);
    const state = join(WORK, `state-${size}`);
    mkdirSync(state, { recursive: true });
    const url = (/** @type {string} */ name) => `sqlite:${join(state, name)}`;
    const fresh = (/** @type {string} */ name) => () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(join(state, name + suffix), { force: true });
    };

    entries.push(
      {
        name: 'read files',
        group: 'baseline',
        size,
        steps: [{ argv: [node, join(ROOT, 'bench/baseline.mjs'), 'read', dir] }],
      },
      {
        name: 'js-yaml read+parse',
        group: 'baseline',
        size,
        steps: [{ argv: [node, join(ROOT, 'bench/baseline.mjs'), 'js-yaml', dir] }],
      },
      {
        name: 'yaml read+parse',
        group: 'baseline',
        size,
        steps: [{ argv: [node, join(ROOT, 'bench/baseline.mjs'), 'yaml', dir] }],
      },
      {
        name: 'ajv-cli (8 schemas)',
        group: 'baseline',
        size,
        note: 'one ajv process per kind; YAML parsed by ajv-cli with js-yaml',
        steps: KIND_FILES.map(([kind, glob]) => ({
          argv: [
            node,
            AJV,
            'validate',
            '-s',
            join(ROOT, 'schemas', `${kind}.schema.json`),
            '-d',
            glob,
            '-c',
            'ajv-formats',
            '--errors=text',
          ],
          cwd: dir,
        })),
      },
      { name: 'validate', group: 'slipway', size, steps: [slipway(['validate', '--repo', dir])] },
    );

    const planWhy = probe('plan', ['plan', '--repo', dir, '--env', 'prod', '--state', url('probe.db')]);
    const applyWhy = probe('apply', ['apply', '--repo', dir, '--env', 'dev', '--yes', '--state', url('probe.db')]);
    const gateWhy = probe('gate', ['gate', '--repo', dir, '--base', 'HEAD~1', '--head', 'HEAD']);
    fresh('probe.db')();
    const skip = (/** @type {string} */ name, /** @type {string} */ why) =>
      entries.push({ name, group: 'slipway', size, steps: [], note: why });

    // One run for all three environments (every resource of the repository, one read of the
    // tree), and one run for prod alone: what a per-environment CI job does.
    const all = ENVS.join(',');
    if (planWhy) skip('plan (3 envs) from empty', planWhy);
    else
      entries.push({
        name: 'plan (3 envs) from empty',
        group: 'slipway',
        size,
        setup: fresh('plan-empty.db'),
        steps: [
          slipway(['plan', '--repo', dir, '--env', all, '--state', url('plan-empty.db'), '--detailed-exitcode'], [2]),
        ],
      });
    if (applyWhy) skip('apply (3 envs) from empty', applyWhy);
    else
      entries.push({
        name: 'apply (3 envs) from empty',
        group: 'slipway',
        size,
        setup: fresh('apply.db'),
        steps: [slipway(['apply', '--repo', dir, '--env', all, '--yes', '--state', url('apply.db')])],
      });
    // The store is filled once (outside the timing) by applying every environment.
    const filled = (() => {
      let done = false;
      return () => {
        if (done) return;
        fresh('applied.db')();
        runStep(slipway(['apply', '--repo', dir, '--env', all, '--yes', '--state', url('applied.db')]));
        done = true;
      };
    })();
    if (planWhy || applyWhy) skip('plan (3 envs) no-op', planWhy ?? applyWhy ?? '');
    else
      entries.push(
        {
          name: 'plan (3 envs) no-op',
          group: 'slipway',
          size,
          setup: filled,
          steps: [
            slipway(['plan', '--repo', dir, '--env', all, '--state', url('applied.db'), '--detailed-exitcode'], [0]),
          ],
        },
        {
          name: 'plan --env prod no-op',
          group: 'slipway',
          size,
          setup: filled,
          steps: [
            slipway(['plan', '--repo', dir, '--env', 'prod', '--state', url('applied.db'), '--detailed-exitcode'], [0]),
          ],
        },
      );
    // Every environment's manifests, validated, in one process (stdout is discarded): next to the
    // no-op plan of the same run, which renders them too, to compare with the branch.
    entries.push({
      name: 'render (3 envs)',
      group: 'slipway',
      size,
      steps: [slipway(['render', '--repo', dir, '--env', all])],
    });
    if (gateWhy) skip('gate (1% of deployments changed)', gateWhy);
    else
      entries.push({
        name: 'gate (1% of deployments changed)',
        group: 'slipway',
        size,
        note: 'exit 1 (blocked: no approvals outside GitHub) counts as a normal run',
        steps: [slipway(['gate', '--repo', dir, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], [0, 1])],
      });
  }

  const machine = {
    cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    os: `Linux ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    runs: RUNS,
  };
  /** @type {Result[]} */
  const results = [];
  // Written after every entry, so an interrupted run still leaves what it measured.
  const save = () => {
    writeFileSync(join(WORK, 'results.json'), JSON.stringify({ machine, results }, null, 2) + '\n');
    writeFileSync(join(WORK, 'results.md'), `${table(results)}\n`);
  };
  const chosen = entries.filter((entry) => !ONLY || ONLY.some((w) => entry.name.includes(w)));
  for (const size of [undefined, ...SIZES]) {
    const block = chosen.filter((entry) => entry.size === size);
    for (const entry of block.filter((e) => e.steps.length === 0)) {
      results.push({
        name: entry.name,
        group: entry.group,
        size: entry.size,
        runs: 0,
        wall: [],
        cpu: [],
        rss: [],
        skipped: entry.note ?? 'skipped',
      });
      process.stderr.write(`${entry.name} @ ${size}: skipped (${entry.note})\n`);
    }
    const timed = block.filter((e) => e.steps.length > 0);
    if (timed.length === 0) continue;
    process.stderr.write(
      `${size === undefined ? 'start-up' : `${size} resources`}: ${timed.length} entries, interleaved ...\n`,
    );
    for (const r of measureBlock(timed)) {
      results.push(r);
      const label = `${r.name}${r.size ? ` @ ${r.size}` : ''}`;
      process.stderr.write(
        r.skipped
          ? `${label}: ${r.skipped}\n`
          : `${label}: ${fmtMs(median(r.wall))} (cpu ${fmtMs(median(r.cpu))}, ${fmtMb(Math.max(...r.rss))})\n`,
      );
    }
    save();
  }

  save();
  const md = table(results);
  process.stdout.write(
    `\n${Object.entries(machine)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n\n${md}\n`,
  );
}

/** The markdown table of docs/benchmarks.md: medians, spread, CPU, RSS and ratios to the baselines. */
function table(/** @type {Result[]} */ results) {
  const find = (/** @type {string} */ name, /** @type {number | undefined} */ size) =>
    results.find((r) => r.name === name && r.size === size && r.wall.length > 0);
  const rows = [
    '| size | command | median wall | spread (min-max) | median CPU | peak RSS | vs js-yaml | vs ajv-cli |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.skipped) {
      rows.push(`| ${r.size ?? ''} | ${r.name} | skipped: ${r.skipped.replace(/\|/g, '\\|')} | | | | | |`);
      continue;
    }
    const m = median(r.wall);
    const base = find('js-yaml read+parse', r.size);
    const ajv = find('ajv-cli (8 schemas)', r.size);
    const ratio = (/** @type {Result | undefined} */ b) => (b && b !== r ? `${(m / median(b.wall)).toFixed(2)}x` : '');
    rows.push(
      `| ${r.size ?? ''} | ${r.name} | ${fmtMs(m)} | ${fmtMs(Math.min(...r.wall))}-${fmtMs(Math.max(...r.wall))} | ${fmtMs(median(r.cpu))} | ${fmtMb(Math.max(...r.rss))} | ${r.size ? ratio(base) : ''} | ${r.size ? ratio(ajv) : ''} |`,
    );
  }
  return rows.join('\n');
}

main();

// `data verify` against a 1,000,000-row PostgreSQL table, next to psql running the same statement
// (bench/data-verify.mjs). It needs a PostgreSQL server, not a synthetic repository, so it runs
// after the table above, when no BENCH_ONLY is given or when BENCH_ONLY names `data`.
if (!ONLY || ONLY.some((w) => 'data verify'.includes(w))) {
  process.stderr.write('\ndata verify (bench/data-verify.mjs) ...\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'data-verify.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) process.stderr.write(`data verify bench exited ${r.status ?? r.signal}\n`);
}
