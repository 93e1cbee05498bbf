/** Small values tests build over and over: artifact digests, diagnostics and reports, record contexts. */
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { RecordContext } from '../../src/state/store.js';
import type { ValidateReport } from '../../src/validate/report.js';

/** A well-formed `sha256:` digest: `fill` (hex digits, e.g. `'a'` or `'01'`) repeated to 64 digits. */
export function digest(fill: string): string {
  return `sha256:${fill.repeat(Math.ceil(64 / fill.length)).slice(0, 64)}`;
}

/** A `schema-enum` error at `/spec/mode` of environments/dev/a.yaml:3:5, with `over` laid over it. */
export const diag = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  code: 'schema-enum',
  message: 'bad',
  file: 'environments/dev/a.yaml',
  line: 3,
  column: 5,
  path: '/spec/mode',
  ...over,
});

/** What `validate` reports for `diagnostics` over `fileCount` files (1 by default): the counts follow the diagnostics. */
export const report = (diagnostics: Diagnostic[], fileCount = 1): ValidateReport => ({
  diagnostics,
  fileCount,
  errors: diagnostics.filter((d) => d.severity === 'error').length,
  warnings: diagnostics.filter((d) => d.severity === 'warning').length,
});

/** Who recorded an apply, when and from where: alice applying revision aaa… to prod, with `over` laid over it. */
export const ctx = (over: Partial<RecordContext> = {}): RecordContext => ({
  env: 'prod',
  revision: 'a'.repeat(40),
  dirty: false,
  actor: 'alice',
  at: '2026-11-01T10:00:00.000Z',
  runId: 'run-1',
  ...over,
});
