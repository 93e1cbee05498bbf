import { run } from '../../src/cli/run.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: Date;
  stdinIsTTY?: boolean;
  confirm?: (question: string) => Promise<boolean>;
}

/** Runs the CLI in-process, as `slipway <argv>`, capturing its output. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdinIsTTY: options.stdinIsTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: { NO_COLOR: '1', ...(options.env ?? {}) },
    now: () => options.now ?? new Date('2026-11-28T12:00:00Z'),
  };
  if (options.confirm) io.confirm = options.confirm;
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
