import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/model/rule-codes.js';

const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

/** `code → "severity · area"` from the `### \`code\`` headings and the line under each. */
function documented(): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^### `([a-z0-9-]+)`\n\*\*(error|warning)\*\* · ([a-z-]+)$/gm;
  for (const m of doc.matchAll(re)) out.set(m[1]!, `${m[2]!} · ${m[3]!}`);
  return out;
}

describe('docs/rules.md', () => {
  it('has a heading for every code in RULES, with its severity and area, and no other', () => {
    const expected = new Map(Object.entries(RULES).map(([code, info]) => [code, `${info.severity} · ${info.area}`]));
    expect(Object.fromEntries(documented())).toEqual(Object.fromEntries(expected));
  });

  it('shows a failing and a passing example for every code', () => {
    const sections = doc.split(/^### /m).slice(1);
    const missing = sections
      .filter((s) => !/^Fails[:\s]/m.test(s) || !/^Passes[:\s]/m.test(s))
      .map((s) => s.split('\n')[0]);
    expect(missing).toEqual([]);
  });
});
