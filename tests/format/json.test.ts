import { readFileSync } from 'node:fs';
import type { RuleCode } from '../../src/model/rule-codes.js';
import { describe, expect, it } from 'vitest';
import { formatJson, type ValidateJson } from '../../src/format/json.js';
import { diag, report } from '../support/values.js';

/** Where these tests' diagnostics are, unless they say otherwise. */
const at = { file: 'a.yaml', line: 2, column: 9 };

/** Every key path of a JSON value, array items folded into `[]`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      `${prefix}${prefix ? '.' : ''}${k}`,
      ...keyPaths(v, `${prefix}${prefix ? '.' : ''}${k}`),
    ]);
  return [];
}

describe('validate --format json', () => {
  const full = formatJson(
    report(
      [
        diag({ ...at, endLine: 2, endColumn: 16, document: 1, hint: 'did you mean `realtime`?' }),
        diag({ ...at, severity: 'warning', code: 'w' as RuleCode, line: 5, column: 1 }),
      ],
      3,
    ),
  );

  it('has the documented shape, keys in the documented order, optional fields omitted rather than null', () => {
    const out = JSON.parse(full) as ValidateJson;
    expect(out).toEqual({
      version: 1,
      valid: false,
      summary: { errors: 1, warnings: 1, files: 3 },
      diagnostics: [
        {
          severity: 'error',
          code: 'schema-enum',
          message: 'bad',
          file: 'a.yaml',
          line: 2,
          column: 9,
          endLine: 2,
          endColumn: 16,
          path: '/spec/mode',
          document: 1,
          hint: 'did you mean `realtime`?',
        },
        {
          severity: 'warning',
          code: 'w' as RuleCode,
          message: 'bad',
          file: 'a.yaml',
          line: 5,
          column: 1,
          path: '/spec/mode',
        },
      ],
    });
    expect(Object.keys(out.diagnostics[0]!)).toEqual([
      'severity',
      'code',
      'message',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'path',
      'document',
      'hint',
    ]);
    expect(full.endsWith('}\n')).toBe(true);
  });

  it('valid is true with warnings only', () => {
    const out = JSON.parse(formatJson(report([diag({ ...at, severity: 'warning' })]))) as ValidateJson;
    expect(out.valid).toBe(true);
  });

  it('every field is documented in docs/output.md', () => {
    const doc = readFileSync(new URL('../../docs/output.md', import.meta.url), 'utf8');
    const section = doc.slice(
      doc.indexOf('## validate --format json'),
      doc.indexOf('\n## ', doc.indexOf('## validate --format json') + 1),
    );
    const documented = new Set<string>();
    for (const m of section.matchAll(/^\| `([^`]+)`(?:, `([^`]+)`)? \|/gm)) {
      documented.add(m[1]!);
      if (m[2]) documented.add(m[1]!.replace(/[^.]+$/, m[2]));
    }
    const produced = [...new Set(keyPaths(JSON.parse(full)))];
    expect(produced.filter((k) => !documented.has(k))).toEqual([]);
  });
});
