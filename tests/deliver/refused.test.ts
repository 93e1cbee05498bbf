import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../support/cli.js';
import { reconcileRepo } from '../support/base-reconcile.js';
import { tempDir } from '../support/tree.js';
import { TestRepo } from '../support/config-repo.js';

// A renderer bug: one object fails its schema. (The real validators accept every object Slipway
// renders; tests/render checks that.)
vi.mock('../../src/render/validate-objects.js', () => ({
  validateObjects: () => [
    {
      object: 'InferenceService/d-0-v1-0-0',
      path: '/spec/predictor/model/storageURI',
      message: 'must NOT have additional properties',
    },
  ],
}));

const REFUSAL =
  'error: rendered manifests of prod fail their schemas, so nothing was written: InferenceService/d-0-v1-0-0 at /spec/predictor/model/storageURI: must NOT have additional properties\nhint: this is a Slipway bug, not a configuration error: please report it with the output of `slipway render`\n';

describe('an object that fails its schema', () => {
  it('is refused, naming the object and the field: render writes nothing, apply commits and records nothing', async () => {
    const repo = new TestRepo();
    repo.commit(reconcileRepo({ kubernetes: {} }));
    const cli = (...argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir });

    expect(await cli('render', '--env', 'prod')).toEqual({ code: 1, stdout: '', stderr: REFUSAL });
    const out = path.join(tempDir(), 'out');
    expect((await cli('render', '--env', 'prod', '--out', out)).code).toBe(1);
    expect(existsSync(out)).toBe(false);

    const apply = await cli('apply', '--env', 'prod', '--yes');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toBe(REFUSAL);
    expect(repo.git('branch', '--list', 'deploy/*')).toBe('');
    expect((await cli('history', '--env', 'prod', '--format', 'json')).stdout).toContain('"entries": []');
  });
});
