/**
 * Golden CLI scenarios for `slipway validate`: each output format over a small repository with
 * known findings, and the usage errors. The expected outputs are committed under __snapshots__;
 * when a deliberate change alters one, review the diff and run `npx vitest run tests/golden -u`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { RULES } from '../../src/model/rule-codes.js';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir } from '../support/tree.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const findings = path.join(here, 'repos', 'findings');
const clean = path.join(here, 'repos', 'clean');
const warnings = path.join(here, 'repos', 'warnings');
const snapshot = (name: string) => path.join(here, '__snapshots__', name);

/** Absolute temporary paths vary per run; the goldens hold `<TMP>` instead. */
function stable(text: string, tmp: string): string {
  return text.split(tmp).join('<TMP>');
}

/**
 * The SARIF rules list grows with every rule code, so the golden holds the results and the
 * tool, and the rules list is checked against RULES here instead.
 */
function sarifGolden(text: string): string {
  const log = JSON.parse(text) as Log;
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules ?? [];
  expect(rules.map((r) => r.id)).toEqual(Object.keys(RULES));
  for (const result of run.results ?? []) {
    expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    result.ruleIndex = -1;
  }
  run.tool.driver.rules = [];
  return JSON.stringify(log, null, 2).replace('"rules": []', '"rules": "<one per code in RULES, checked by the test>"').replace(/"ruleIndex": -1/g, '"ruleIndex": "<index of ruleId in rules, checked by the test>"') + '\n';
}

describe('validate golden outputs', () => {
  for (const format of ['text', 'json', 'github'] as const) {
    it(`--format ${format} over a repository with findings`, async () => {
      const r = await runCli(['validate', '--repo', findings, '--format', format]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      await expect(r.stdout).toMatchFileSnapshot(snapshot(`findings.${format}`));
    });
  }

  it('--format sarif over a repository with findings', async () => {
    const r = await runCli(['validate', '--repo', findings, '--format', 'sarif']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    await expect(sarifGolden(r.stdout)).toMatchFileSnapshot(snapshot('findings.sarif.json'));
  });

  it('text is the default format', async () => {
    const text = await runCli(['validate', '--repo', findings, '--format', 'text']);
    const byDefault = await runCli(['validate', '--repo', findings]);
    expect(byDefault).toEqual(text);
  });

  it('every format of a clean repository, exit 0', async () => {
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'github'] as const) {
      const r = await runCli(['validate', '--repo', clean, '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      outputs.push(`$ slipway validate --format ${format}\n${r.stdout}`);
    }
    await expect(outputs.join('\n')).toMatchFileSnapshot(snapshot('clean.txt'));
    const sarif = JSON.parse((await runCli(['validate', '--repo', clean, '--format', 'sarif'])).stdout) as Log;
    expect(sarif.runs[0]!.results).toEqual([]);
  });

  it('warnings only: every format, exit 0', async () => {
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'github', 'sarif'] as const) {
      const r = await runCli(['validate', '--repo', warnings, '--format', format]);
      expect(r.code, format).toBe(0);
      expect(r.stderr).toBe('');
      outputs.push(`$ slipway validate --format ${format}\n${format === 'sarif' ? sarifGolden(r.stdout) : r.stdout}`);
    }
    await expect(outputs.join('\n')).toMatchFileSnapshot(snapshot('warnings.txt'));
  });

  it('colours on a TTY: FORCE_COLOR stands in for the terminal, NO_COLOR wins over it', async () => {
    const coloured = await runCli(['validate', '--repo', findings], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    await expect(coloured.stdout).toMatchFileSnapshot(snapshot('findings.text.color'));
    const plain = await runCli(['validate', '--repo', findings], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('prefixes paths with the repository folder below GITHUB_WORKSPACE for github and sarif', async () => {
    const env = { GITHUB_WORKSPACE: path.join(here, 'repos') };
    const github = await runCli(['validate', '--repo', findings, '--format', 'github'], { env });
    expect(github.stdout.split('\n')[1]).toBe(
      '::error file=findings/environments/dev/deployments.yaml,line=19,col=9,endLine=19,endColumn=16,title=schema-enum::`spec.mode` must be one of realtime, batch; got `realtme`%0Ahint: did you mean `realtime`?',
    );
    const sarif = JSON.parse((await runCli(['validate', '--repo', findings, '--format', 'sarif'], { env })).stdout) as Log;
    expect(sarif.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('findings/environments/dev/deployments.yaml');
    // text and json stay relative to the repository
    const json = JSON.parse((await runCli(['validate', '--repo', findings, '--format', 'json'], { env })).stdout) as { diagnostics: Array<{ file: string }> };
    expect(json.diagnostics[0]!.file).toBe('environments/dev/deployments.yaml');
  });
});

describe('validate --output', () => {
  it('writes the report to the file, prints the summary to stderr, and leaves no temporary file', async () => {
    const dir = tempDir();
    const r = await runCli(['validate', '--repo', findings, '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('4 errors, 1 warning in 7 files; report written to report.json\n');
    const direct = await runCli(['validate', '--repo', findings, '--format', 'json']);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(direct.stdout);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('replaces an existing report, and never writes colours into a file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'report.txt'), 'old report\n');
    const r = await runCli(['validate', '--repo', findings, '--output', path.join(dir, 'report.txt')], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.code).toBe(1);
    const written = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(written).toBe(readFileSync(snapshot('findings.text'), 'utf8'));
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('`--output -` is standard output', async () => {
    const r = await runCli(['validate', '--repo', clean, '--output', '-']);
    expect(r).toEqual({ code: 0, stdout: '0 errors, 0 warnings in 2 files\n', stderr: '' });
  });

  it('an unwritable target is a usage error that leaves the old file and no temporary file', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'report.json'));
    const r = await runCli(['validate', '--repo', findings, '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(stable(r.stderr, dir)).toBe('error: cannot write <TMP>/report.json: it is a folder\nhint: pass --output a file path in an existing, writable folder\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
  });
});

describe('usage errors', () => {
  const scenarios: string[][] = [
    ['validat'],
    ['valdate', '--repo', '.'],
    ['frobnicate'],
    ['validate', '--repo'],
    ['validate', '--bogus'],
    ['validate', '--fromat', 'json'],
    ['validate', '--format', 'xml'],
    ['validate', '--format'],
    ['validate', 'extra-argument'],
    ['validate', '--repo', 'does-not-exist'],
    ['validate', '--repo', 'slipway.yaml'],
    ['validate', '--output', 'no-such-folder/report.txt'],
  ];

  it('exit 2 with a clear message, a hint and never a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'slipway.yaml'), readFileSync(path.join(clean, 'slipway.yaml')));
    mkdirSync(path.join(dir, 'environments', 'dev'), { recursive: true });
    writeFileSync(path.join(dir, 'environments', 'dev', 'environment.yaml'), readFileSync(path.join(clean, 'environments', 'dev', 'environment.yaml')));
    const transcript: string[] = [];
    for (const argv of scenarios) {
      const r: CliResult = await runCli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr, argv.join(' ')).not.toMatch(/\n\s+at /);
      transcript.push(`$ slipway ${argv.join(' ')}\nexit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${stable(r.stderr, dir)}`);
    }
    await expect(transcript.join('\n')).toMatchFileSnapshot(snapshot('usage-errors.txt'));
  });

  it('no command at all shows the help on stderr, exit 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: slipway \[options\] \[command\]\n/);
  });

  it('--help, validate --help, help and --version exit 0 on stdout', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: slipway \[options\] \[command\]\n/);
    expect(help.stdout).toContain('\n  validate [options] ');
    expect(await runCli(['help'])).toEqual(help);

    const validateHelp = await runCli(['validate', '--help']);
    expect(validateHelp.code).toBe(0);
    expect(validateHelp.stderr).toBe('');
    await expect(validateHelp.stdout).toMatchFileSnapshot(snapshot('validate-help.txt'));
    expect(await runCli(['help', 'validate'])).toEqual(validateHelp);

    const { VERSION } = await import('../../src/cli/version.js');
    for (const flag of ['--version', '-V']) expect(await runCli([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
