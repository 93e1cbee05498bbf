/** What a command may touch of its process: injected so tests run commands in-process. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Whether standard input is an interactive terminal (for confirmation prompts). */
  stdinIsTTY: boolean;
  /** Asks a yes/no question on the terminal; only called when stdinIsTTY. */
  confirm?(question: string): Promise<boolean>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, injectable for freeze windows and soak times. */
  now(): Date;
}

export function nodeIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    async confirm(question) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
  };
}

/** Colours only on a TTY, and never with NO_COLOR set (https://no-color.org). */
export function useColor(io: CliIO, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io[stream].isTTY);
}
