import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tree.js';

/** This repository's own example: slipway.yaml, models/ and environments/. */
const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the repository root', () => {
  it('is found from a subfolder of the example, as git finds .git', async () => {
    const inside = await runCli(['validate'], { cwd: path.join(root, 'environments', 'prod', 'deployments') });
    expect([inside.code, inside.stderr]).toEqual([0, '']);
    expect(inside.stdout).toMatch(/^0 errors, 0 warnings in [1-9][0-9]* files\n$/);
    const viaRepo = await runCli(['validate', '--repo', 'models/fraud-detector', '--format', 'json'], { cwd: root });
    expect(viaRepo.code).toBe(0);
    expect(JSON.parse(viaRepo.stdout)).toMatchObject({ valid: true, summary: { errors: 0, warnings: 0 } });
  });

  it('is a usage error, never `0 errors in 0 files`, where no folder up to / holds slipway.yaml', async () => {
    const empty = tempDir('slipway-no-project-');
    const r = await runCli(['validate'], { cwd: empty });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: no slipway.yaml in ${empty} or its parents\nhint: run slipway inside a configuration repository (the folder that holds slipway.yaml, or one below it), or pass --repo with that folder\n`,
    });
    mkdirSync(path.join(empty, 'environments', 'dev'), { recursive: true });
    const below = await runCli(['validate', '--repo', 'environments/dev'], { cwd: empty });
    expect(below.code).toBe(2);
    expect(below.stderr).toContain(
      `error: no slipway.yaml in ${path.join(empty, 'environments', 'dev')} or its parents\n`,
    );
  });

  it('is searched by every command that reads the repository', async () => {
    const empty = tempDir('slipway-no-project-');
    for (const argv of [
      ['plan', '--env', 'dev'],
      ['status'],
      ['history', '--env', 'dev'],
      ['unlock', '--env', 'dev'],
      ['gate', '--base', 'HEAD'],
      ['promote', 'fraud-detector@1.0.0', '--to', 'dev'],
      ['rollback', 'fraud-detector', '--env', 'dev'],
    ]) {
      const r = await runCli(argv, { cwd: empty });
      expect([argv[0], r.code, r.stderr.split('\n')[0]]).toEqual([
        argv[0],
        2,
        `error: no slipway.yaml in ${empty} or its parents`,
      ]);
    }
  });
});
