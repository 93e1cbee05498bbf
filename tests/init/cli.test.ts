import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tree.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every file under `dir`, repository-relative, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]))
    .sort();
}

describe('slipway init', () => {
  it('writes a repository that `slipway validate` finds clean, with the package schemas for the editor', async () => {
    const cwd = tempDir();
    const r = await runCli(['init', 'ml-config', '--name', 'acme-ml'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = path.join(cwd, 'ml-config');
    const files = listFiles(dir);
    expect(r.stdout.split('\n')[0]).toBe(`Created acme-ml in ml-config: ${files.length} files`);
    expect(r.stdout).toContain('\n  slipway.yaml\n  models/example-model/model.yaml\n');
    expect(r.stdout).toMatch(
      /\nNext: cd ml-config, replace your-github-login in slipway\.yaml, run `slipway validate`/,
    );
    expect(files).toContain('.github/workflows/reconcile.yml');
    expect(readFileSync(path.join(dir, 'slipway.yaml'), 'utf8')).toMatch(/^ {2}name: acme-ml$/m);
    expect(JSON.parse(readFileSync(path.join(dir, 'schemas/deployment.schema.json'), 'utf8'))).toEqual(
      JSON.parse(readFileSync(path.join(root, 'schemas/deployment.schema.json'), 'utf8')),
    );

    const validate = await runCli(['validate', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(validate.stdout) as {
      diagnostics: unknown[];
      summary: { errors: number; warnings: number };
    };
    expect(report.diagnostics).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
    expect(validate.code).toBe(0);
  });

  it('refuses to run twice: every file is listed, exit 1, and nothing is touched', async () => {
    const cwd = tempDir();
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    writeFileSync(path.join(cwd, 'slipway.yaml'), '# mine\n');
    const before = listFiles(cwd).map((f) => [f, readFileSync(path.join(cwd, f), 'utf8')]);
    const again = await runCli(['init', '--name', 'other'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    const lines = again.stderr.split('\n');
    expect(lines[0]).toBe(
      `error: refusing to init .: ${before.length} files it would write already exist (nothing was written):`,
    );
    expect(
      lines
        .slice(1, before.length + 1)
        .map((l) => l.trim())
        .sort(),
    ).toEqual(before.map(([f]) => f).sort());
    expect(again.stderr).toMatch(
      /\nhint: init a new or empty folder, e\.g\. `slipway init ml-config`, or move these files away\n$/,
    );
    expect(listFiles(cwd).map((f) => [f, readFileSync(path.join(cwd, f), 'utf8')])).toEqual(before);
  });

  it('refuses a folder where some of its files exist, and writes none of the others', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'environments/prod'), { recursive: true });
    writeFileSync(path.join(cwd, 'environments/prod/environment.yaml'), 'kind: Environment\n');
    writeFileSync(path.join(cwd, 'README.md'), '# ours\n');
    // A file where a folder of the scaffold goes is in the way too.
    writeFileSync(path.join(cwd, 'models'), '');
    const r = await runCli(['init', '--name', 'acme'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'error: refusing to init .: 2 files it would write already exist (nothing was written):',
        '  models/example-model/model.yaml',
        '  environments/prod/environment.yaml',
        'hint: init a new or empty folder, e.g. `slipway init ml-config`, or move these files away',
        '',
      ].join('\n'),
    );
    expect(listFiles(cwd)).toEqual(['README.md', 'environments/prod/environment.yaml', 'models']);
  });

  it('names the project after its folder by default; a bad --name is a usage error (exit 2)', async () => {
    const cwd = tempDir();
    const r = await runCli(['init', 'Fraud Models_v2'], { cwd });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(cwd, 'Fraud Models_v2', 'slipway.yaml'), 'utf8')).toMatch(
      /^ {2}name: fraud-models-v2$/m,
    );
    const bad = await runCli(['init', 'x', '--name', 'Acme ML'], { cwd });
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --name "Acme ML" is not a valid project name\nhint: use a lowercase DNS label: letters, digits and -, at most 63 characters, e.g. --name acme-ml\n',
    });
    expect(readdirSync(cwd)).toEqual(['Fraud Models_v2']);
    writeFileSync(path.join(cwd, 'file'), '');
    const notFolder = await runCli(['init', 'file'], { cwd });
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr).toMatch(/^error: \S+\/file is not a folder\n/);
  });
});
