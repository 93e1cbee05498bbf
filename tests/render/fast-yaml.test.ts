import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml } from '../../src/render/fast-yaml.js';
import { renderRepo } from './support.js';

const OPTIONS = { lineWidth: 0, minContentWidth: 0 };
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The fast writer either writes what the package writes, or declines. */
function same(value: Record<string, unknown>): boolean {
  const fast = fastYaml(value);
  if (fast !== undefined) expect(fast, JSON.stringify(value)).toBe(stringify(value, OPTIONS));
  return fast !== undefined;
}

const TRICKY = [
  '',
  ' ',
  'a',
  'true',
  'True',
  'TRUE',
  'yes',
  'Yes',
  'no',
  'on',
  'off',
  'null',
  'Null',
  '~',
  '1',
  '-1',
  '+1',
  '1.0',
  '.5',
  '1e3',
  '1E-3',
  '0x1F',
  '0o17',
  '017',
  '.inf',
  '-.Inf',
  '.nan',
  '2026-11-30',
  '2026-11-30T10:00:00Z',
  '- a',
  '-',
  '?',
  '? a',
  'a: b',
  'a:b',
  'a :b',
  'a:',
  ':a',
  '#a',
  'a #b',
  'a#b',
  "it's",
  'say "hi"',
  `both ' and "`,
  ' lead',
  'trail ',
  '* * * * *',
  '0 2 * * *',
  '*/5 * * * *',
  '[{"a":1}]',
  '{a}',
  '&anchor',
  '!tag',
  '|',
  '>',
  '%',
  '@at',
  '`tick',
  ',',
  'a,b',
  'a\tb',
  'line\nbreak',
  '\u0007bell',
  '---',
  '--- a',
  '...',
  'a---',
  's3://bucket/x.onnx',
  'cluster.local/ns/ml/sa/app',
  'nvidia.com/gpu',
  '100m',
  '4Gi',
  '0.25s',
  'reset,connect-failure,503',
  'ünïcode',
  'emoji 🚀',
  '\\back',
  'a\\nb',
  '"',
  "'",
  '""',
  "''",
];

describe('the fast YAML writer', () => {
  it('writes every awkward string as the yaml package does, or declines', () => {
    let declined = 0;
    for (const s of TRICKY) {
      for (const value of [
        { k: s },
        { list: [s, 'x'] },
        { nested: { deeper: [{ a: s, b: [s] }, {}] }, empty: [], none: {} },
      ])
        if (!same(value)) declined++;
    }
    // Only a multi-line string, a control character and a document marker are declined.
    expect(declined).toBe(5 * 3);
  });

  it('writes numbers, booleans and null as the package does', () => {
    for (const v of [0, -0, 1, -1, 0.25, 1e21, 1.5e-7, 123456789012, true, false, null])
      expect(same({ v, list: [v] })).toBe(true);
    expect(fastYaml({ v: Infinity })).toBeUndefined();
  });

  it('declines keys it is not sure of, arrays in arrays, and an empty document', () => {
    expect(fastYaml({ 'a b': 1 })).toBeUndefined();
    expect(fastYaml({ '1': 1 })).toBeUndefined();
    expect(fastYaml({ a: [[1]] })).toBeUndefined();
    expect(fastYaml({})).toBeUndefined();
  });

  it("writes every object of the example's manifests itself", async () => {
    for (const env of ['staging', 'prod']) {
      const { objects } = await renderRepo(root, env);
      for (const o of objects) expect(same(JSON.parse(JSON.stringify(o)) as Record<string, unknown>)).toBe(true);
    }
  });

  it('agrees with the package on random strings', () => {
    const alphabet = [
      'a',
      'Z',
      '0',
      '9',
      ' ',
      ':',
      '-',
      '#',
      "'",
      '"',
      '*',
      '[',
      ']',
      '{',
      '}',
      ',',
      '.',
      '/',
      '\\',
      '?',
      '!',
      '&',
      '|',
      '>',
      '%',
      '@',
      '`',
      'e',
      '+',
      '~',
      '\t',
      'é',
    ];
    let s = 20261130;
    const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let i = 0; i < 3000; i++) {
      const str = Array.from(
        { length: 1 + Math.floor(next() * 8) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      same({ k: str, l: [str] });
    }
  });
});
