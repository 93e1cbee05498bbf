import { spawn } from 'node:child_process';
import { gitError } from './errors.js';

export interface GitRun {
  /** Extra environment (e.g. GIT_INDEX_FILE), on top of the process's. */
  env?: Record<string, string>;
  /** Written to git's standard input. */
  input?: string;
  /** Exit codes that are answers, not failures (e.g. 1 from `rev-parse --verify -q`). */
  allow?: readonly number[];
}

export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** One git process in `root`, with its standard input fed and its output collected. */
export function runGit(root: string, args: readonly string[], options: GitRun = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const stdin = options.input === undefined ? 'ignore' : 'pipe';
    const child = spawn('git', args, {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => reject(gitError(error, `git ${args[0] ?? ''}`)));
    child.on('close', (code) => {
      const exit = code ?? 1;
      if (exit === 0 || options.allow?.includes(exit)) resolve({ code: exit, stdout, stderr });
      else reject(gitError(new Error(stderr || stdout || `exit ${exit}`), `git ${args[0] ?? ''}`));
    });
    if (child.stdin) {
      // A git that fails before reading its input closes the pipe: its exit status tells why.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}
