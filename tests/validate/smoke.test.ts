import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { minimalRepo, withFiles, writeRepo } from '../support/config-repo.js';

describe('validate', () => {
  it('passes a minimal project', async () => {
    const dir = writeRepo(minimalRepo());
    const r = await runCli(['validate', '--repo', dir]);
    expect(r.stdout).toBe('0 errors, 0 warnings in 2 files\n');
    expect(r.code).toBe(0);
  });

  it('points an unknown field at its key, with a did-you-mean hint', async () => {
    const minimal = minimalRepo();
    const dir = writeRepo(
      withFiles(minimal, { 'slipway.yaml': minimal['slipway.yaml'].replace('environments:', 'enviroments:') }),
    );
    const r = await runCli(['validate', '--repo', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      diagnostics: Array<{ code: string; line: number; column: number; hint?: string }>;
    };
    expect(out.diagnostics.map((d) => [d.code, d.line, d.column, d.hint])).toEqual([
      ['schema-unknown-field', 5, 3, 'did you mean `environments`? (`environments` is required)'],
    ]);
  });

  it('exits 2 for a missing repository', async () => {
    const r = await runCli(['validate', '--repo', '/nonexistent/slipway']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: repository folder \/nonexistent\/slipway does not exist\n/);
  });
});
