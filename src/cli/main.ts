#!/usr/bin/env node
import { VERSION } from './version.js';

// A reader that stops early (`slipway validate | head`) closes the pipe: the rest of the output
// has nowhere to go, which is no error of ours, so finish quietly with the command's own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Scripts and CI call this to check the install: answer before loading commander and the
  // command table (the same answer `run` gives; tests/cli/process.test.ts checks both).
  process.stdout.write(`${VERSION}\n`);
} else {
  // The only place that ends the process; everything else returns exit codes.
  const [{ run }, { nodeIO }] = await Promise.all([import('./run.js'), import('./io.js')]);
  run(args, nodeIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
