import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { initialFiles } from '../support/gate-repo.js';
import { makeTree } from '../support/tree.js';

describe('gate test fixture', () => {
  it('is a valid repository, so that gate scenarios fail only for their own reason', async () => {
    const dir = makeTree(initialFiles());
    const result = await runCli(['validate', '--repo', dir]);
    expect(result.stdout).toContain('0 errors');
    expect(result.code).toBe(0);
  });
});
