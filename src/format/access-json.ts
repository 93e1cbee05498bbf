import type { AccessCheck, PiiReport, WhoCan } from '../access/index.js';

/** `access check|explain --format json`: the answer as it is, with `allowed` for scripts (docs/output.md). */
export function formatAccessCheckJson(check: AccessCheck): string {
  return JSON.stringify({ allowed: check.decision === 'allowed', ...check }, null, 2) + '\n';
}

/** `access who-can|pii --format json`: the answer as it is (docs/output.md). */
export function formatAccessListJson(answer: WhoCan | PiiReport): string {
  return JSON.stringify(answer, null, 2) + '\n';
}
