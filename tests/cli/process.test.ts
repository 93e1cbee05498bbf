/**
 * The built CLI as a real process (`npm test` builds dist/ before vitest runs): exit codes
 * reach the shell, and nothing ever prints a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'dist', 'cli', 'bin.cjs');
const findings = path.join(root, 'tests', 'golden', 'repos', 'findings');
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };

const slipway = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });

describe('the slipway process', () => {
  it('is built', () => {
    expect(existsSync(bin), 'run `npm run build` (npm test does) before this test').toBe(true);
  });

  it('exit codes 0, 1 and 2 reach the shell', () => {
    expect(slipway('--version')).toMatchObject({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(slipway('-V')).toMatchObject({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    // Not the start-up shortcut: commander answers, the same way.
    expect(slipway('--version', '--no-color')).toMatchObject({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
    const invalid = slipway('validate', '--repo', findings, '--format', 'github');
    expect(invalid.status).toBe(1);
    expect(invalid.stdout.trimEnd().split('\n').at(-1)).toBe('4 errors, 1 warning in 7 files');
    expect(slipway('validate', '--bogus')).toMatchObject({
      status: 2,
      stdout: '',
      stderr: "error: unknown option '--bogus'\nhint: run `slipway validate --help` for usage\n",
    });
  });

  it('a reader that closes the pipe early gets no stack trace, and the exit code stays', async () => {
    const child = spawn(process.execPath, [bin, 'validate', '--repo', findings, '--format', 'sarif'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the process has written anything, so its writes fail with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});
