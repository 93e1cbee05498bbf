// Prints vitest's totals as one plain closing line (`N passed, N failed, N skipped`) for CI logs.
import { readFileSync, rmSync } from 'node:fs';

const file = '.vitest-result.json';
const result = JSON.parse(readFileSync(file, 'utf8'));
rmSync(file, { force: true });
const skipped = result.numPendingTests + result.numTodoTests;
console.log(
  `tests: ${result.numPassedTests} passed, ${result.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
