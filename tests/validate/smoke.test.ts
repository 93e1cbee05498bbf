import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTree } from '../support/tree.js';

const project = `apiVersion: slipway.dev/v1
kind: Project
metadata: {name: acme}
spec:
  environments: [dev]
`;
const env = `apiVersion: slipway.dev/v1
kind: Environment
metadata: {name: dev}
spec:
  target: {type: local}
`;

describe('validate', () => {
  it('passes a minimal project', async () => {
    const dir = makeTree({ 'slipway.yaml': project, 'environments/dev/environment.yaml': env });
    const r = await runCli(['validate', '--repo', dir]);
    expect(r.stdout).toBe('0 errors, 0 warnings in 2 files\n');
    expect(r.code).toBe(0);
  });

  it('points an unknown field at its key, with a did-you-mean hint', async () => {
    const dir = makeTree({
      'slipway.yaml': project.replace('environments:', 'enviroments:'),
      'environments/dev/environment.yaml': env,
    });
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
