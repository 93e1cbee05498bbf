import { nodeIO } from './io.js';
import { run } from './run.js';

// The program, started by bin.cjs (which answers `--version` by itself, before any of this loads).

// A reader that stops early (`slipway validate | head`) closes the pipe: the rest of the output
// has nowhere to go, which is no error of ours, so finish quietly with the command's own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

// The only place that ends the process; everything else returns exit codes.
run(process.argv.slice(2), nodeIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
