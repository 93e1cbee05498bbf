#!/usr/bin/env node
// The `slipway` executable. CommonJS on purpose: Node starts a CommonJS entry about 10 ms
// sooner than an ES module, and `slipway --version`, which scripts and CI call to check an
// install, is nothing but start-up. Everything else is the ES module main.js.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // package.json is the version's source; tests/cli/version.test.ts keeps VERSION equal to it.
  process.stdout.write(`${(require('../../package.json') as { version: string }).version}\n`);
} else {
  void import('./main.js');
}
