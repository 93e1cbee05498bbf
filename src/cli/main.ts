#!/usr/bin/env node
import { nodeIO } from './io.js';
import { run } from './run.js';

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
