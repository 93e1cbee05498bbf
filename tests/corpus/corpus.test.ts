import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { minimalRepo, withFiles, writeFiles, writeRepo, type Files } from '../support/config-repo.js';
import { tempDir } from '../support/tree.js';
import { CASES, type CorpusCase, type Expected } from './cases.js';
import { digest } from '../support/values.js';

/** A valid repository every case adds its broken files to: it alone validates clean. */
const BASE: Files = withFiles(minimalRepo({ teams: true }), {
  // The model the cases' deployments serve, so that only the broken input itself is reported.
  'models/fraud/model.yaml': `apiVersion: slipway.dev/v1\nkind: Model\nmetadata: {name: fraud}\nspec:\n  owners: [team:ml]\n  versions:\n    - {version: 1.0.0, status: approved, artifact: {uri: s3://models/fraud/model.onnx, digest: "${digest('ab')}"}}\n`,
});

function build(c: Pick<CorpusCase, 'files' | 'links' | 'outside'>): string {
  const parent = tempDir('slipway-corpus-');
  const repo = writeRepo(withFiles(BASE, c.files), path.join(parent, 'repo'));
  if (c.outside) writeFiles(parent, c.outside);
  for (const [link, target] of Object.entries(c.links ?? {})) {
    mkdirSync(path.dirname(path.join(repo, link)), { recursive: true });
    symlinkSync(target, path.join(repo, link));
  }
  return repo;
}

interface JsonOut {
  valid: boolean;
  diagnostics: Array<Expected & { severity: string }>;
}

describe('hostile and broken inputs', () => {
  it('the base repository is valid', async () => {
    const r = await runCli(['validate', '--repo', build({ files: {} }), '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonOut).diagnostics).toEqual([]);
  });

  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await runCli(['validate', '--repo', build(c), '--format', 'json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as JsonOut;
    const got = out.diagnostics.map(({ code, file, line, column, message, hint }) =>
      hint === undefined ? { code, file, line, column, message } : { code, file, line, column, message, hint },
    );
    if (process.env.CORPUS_PRINT) console.log(`CASE ${c.name}\n${JSON.stringify(got, null, 2)}`);
    expect(out.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(got).toEqual(c.expected);
    expect(r.code).toBe(1);
  });
});
