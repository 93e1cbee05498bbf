import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { gateRepo } from '../support/base-gate.js';
import { writeRepo } from '../support/config-repo.js';

describe('gate test fixture', () => {
  it('is a valid repository, so that gate scenarios fail only for their own reason', async () => {
    const dir = writeRepo(gateRepo());
    const result = await runCli(['validate', '--repo', dir]);
    expect(result.stdout).toContain('0 errors');
    expect(result.code).toBe(0);
  });
});
