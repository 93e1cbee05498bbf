import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/data/result.js';
import { formatVerifyJson, formatVerifyJunit, formatVerifyText } from '../../src/format/data-verify.js';

const RESULT: VerifyResult = {
  version: 1,
  environment: 'dev',
  at: '2026-11-01T12:00:00.000Z',
  sources: [
    {
      name: 'transactions',
      engine: 'postgres',
      status: 'error',
      checks: [
        { name: 'accessible', status: 'pass', observed: { exists: true }, expected: { exists: true } },
        {
          name: 'freshness',
          column: 'updated_at',
          status: 'fail',
          observed: { newest: '2026-10-30T09:00:00.000Z', ageMs: 183_600_000 },
          expected: { maxAge: '6h', maxAgeMs: 21_600_000 },
        },
        {
          name: 'dedup',
          status: 'fail',
          observed: { duplicateKeys: 3, example: { transaction_id: 'tx-<1>&"2"' } },
          expected: { keys: ['transaction_id'] },
        },
        { name: 'notNull', column: 'amount', index: 0, status: 'pass', observed: { nulls: 0 }, expected: { nulls: 0 } },
        {
          name: 'range',
          column: 'amount',
          index: 1,
          status: 'fail',
          observed: { outOfRange: 2, min: -20, max: 150 },
          expected: { min: 0, max: 100 },
        },
        {
          name: 'regex',
          column: 'currency',
          index: 2,
          status: 'error',
          problem: { reason: 'query', detail: 'invalid regular expression: quantifier operand invalid' },
          expected: { pattern: '^(?<c>[A-Z]{3})$' },
        },
      ],
    },
    {
      name: 'customer-activity',
      engine: 'snowflake',
      status: 'skipped',
      problem: { reason: 'engine-unsupported', engine: 'snowflake' },
      checks: [
        { name: 'accessible', status: 'skipped', problem: { reason: 'engine-unsupported', engine: 'snowflake' } },
        { name: 'rowCount', index: 0, status: 'skipped', problem: { reason: 'not-verified' }, expected: { min: 1 } },
      ],
    },
  ],
  summary: { passed: 2, failed: 3, errors: 1, skipped: 2 },
};

describe('data verify formats', () => {
  it('text: a table per source, errors and failures first, then a summary', () => {
    expect(formatVerifyText(RESULT)).toBe(
      [
        'transactions (postgres) ERROR',
        '  ERROR  regex currency        the engine rejected the query: invalid regular expression: quantifier operand invalid',
        '  FAIL   freshness updated_at  newest 2026-10-30T09:00:00.000Z is 2d 3h old (max 6h)',
        '  FAIL   dedup                 3 keys of (transaction_id) on more than one row, e.g. transaction_id=tx-<1>&"2"',
        '  FAIL   range amount          2 values outside [0, 100] (observed min -20, max 150)',
        '  PASS   accessible            opened',
        '  PASS   notNull amount        no nulls',
        '',
        'customer-activity (snowflake) SKIP: engine `snowflake` cannot be verified yet',
        '',
        'dev: 2 sources, 2 checks passed, 3 failed, 1 error, 2 skipped',
        '',
      ].join('\n'),
    );
  });

  it('JSON: the documented shape, with a message on every check', () => {
    const json = JSON.parse(formatVerifyJson(RESULT)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'environment', 'at', 'sources', 'summary']);
    expect(json.summary).toEqual({ passed: 2, failed: 3, errors: 1, skipped: 2 });
    const [tx, ca] = json.sources as Array<Record<string, unknown>>;
    expect(Object.keys(tx!)).toEqual(['name', 'engine', 'status', 'checks']);
    const checks = tx!.checks as Array<Record<string, unknown>>;
    expect(checks[1]).toEqual({
      name: 'freshness',
      column: 'updated_at',
      status: 'fail',
      observed: { newest: '2026-10-30T09:00:00.000Z', ageMs: 183_600_000 },
      expected: { maxAge: '6h', maxAgeMs: 21_600_000 },
      message: 'newest 2026-10-30T09:00:00.000Z is 2d 3h old (max 6h)',
    });
    expect(checks[5]).toEqual({
      name: 'regex',
      column: 'currency',
      status: 'error',
      expected: { pattern: '^(?<c>[A-Z]{3})$' },
      reason: 'query',
      message: 'the engine rejected the query: invalid regular expression: quantifier operand invalid',
    });
    expect(ca).toMatchObject({
      status: 'skipped',
      reason: 'engine-unsupported',
      message: 'engine `snowflake` cannot be verified yet',
    });
    for (const c of checks) expect(Object.keys(c)).not.toContain('index');
  });

  it('JUnit: well-formed XML, a suite per source and a case per check, with escaped text', () => {
    const xml = formatVerifyJunit(RESULT);
    expect(wellFormed(xml)).toEqual([]);
    expect(xml.split('\n').slice(0, 3)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="slipway data verify dev" tests="8" failures="3" errors="1" skipped="2">',
      '  <testsuite name="dev/transactions" tests="6" failures="3" errors="1" skipped="0" timestamp="2026-11-01T12:00:00.000Z">',
    ]);
    expect(xml).toContain('<testcase classname="dev.transactions" name="accessible"/>');
    expect(xml).toContain(
      'message="3 keys of (transaction_id) on more than one row, e.g. transaction_id=tx-&lt;1&gt;&amp;&quot;2&quot;" type="dedup"',
    );
    expect(xml).toContain(
      '<error message="the engine rejected the query: invalid regular expression: quantifier operand invalid" type="query"/>',
    );
    expect(xml).toContain('<skipped message="not run: the source could not be read"/>');
  });

  it('JUnit: control characters in engine messages are dropped, not emitted', () => {
    const bad: VerifyResult = {
      ...RESULT,
      sources: [
        {
          name: 'x',
          engine: 'csv',
          status: 'error',
          checks: [
            { name: 'accessible', status: 'error', problem: { reason: 'query', detail: 'bad\u0000byte\u001b[31m' } },
          ],
        },
      ],
    };
    const xml = formatVerifyJunit(bad);
    expect(wellFormed(xml)).toEqual([]);
    expect(xml).toContain('badbyte[31m');
  });
});

/**
 * Problems with `xml` as XML 1.0 (none when well-formed): one declaration, every tag closed in
 * order, attributes quoted, only the five predefined entities, no characters XML forbids.
 */
function wellFormed(xml: string): string[] {
  const problems: string[] = [];
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) problems.push('forbidden character');
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body.includes('<?')) problems.push('misplaced declaration');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let roots = 0;
  for (const m of body.matchAll(token)) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) problems.push(`stray < at ${m.index}`);
    else if (text !== undefined) {
      if (stack.length === 0 && text.trim()) problems.push('text outside the root');
      for (const amp of text.matchAll(/&[^;]*;?/g))
        if (!/^&(amp|lt|gt|quot|apos);$/.test(amp[0])) problems.push(`bad entity ${amp[0]}`);
    } else if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      for (const amp of (m[3] ?? '').matchAll(/&[^;]*;?/g))
        if (!/^&(amp|lt|gt|quot|apos);$/.test(amp[0])) problems.push(`bad entity ${amp[0]}`);
      if (!selfClosing) stack.push(name!);
    }
  }
  if (stack.length) problems.push(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
