import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyDeployment, editTraffic } from '../../src/promote/yaml-edit.js';
import type { TrafficEntry } from '../../src/promote/traffic.js';

const golden = path.join(import.meta.dirname, 'golden');
/** `UPDATE_GOLDEN=1 npx vitest run tests/promote/golden.test.ts` rewrites the expected files. */
const update = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, actual: string): void {
  const file = path.join(golden, name, 'after.yaml');
  if (update || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const read = (name: string, file = 'before.yaml'): string => readFileSync(path.join(golden, name, file), 'utf8');

/** Lines of `after` that are not in `before` and the other way round (a multiset line diff). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const l of text.split('\n')) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const a = count(after);
  const minus = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].flatMap(([l, n]) => Array<string>(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { removed: minus(b, a), added: minus(a, b) };
}

const cases: Array<{ name: string; doc: number; next: TrafficEntry[]; removed: number; added: number }> = [
  { name: 'single-version', doc: 0, next: [{ version: '4.0.0', percent: 100 }], removed: 1, added: 1 },
  {
    name: 'canary',
    doc: 0,
    next: [
      { version: '3.2.0', percent: 90 },
      { version: '4.0.0', percent: 10 },
    ],
    removed: 1,
    added: 2,
  },
  {
    name: 'step',
    doc: 0,
    next: [
      { version: '3.2.0', percent: 50 },
      { version: '4.0.0', percent: 50 },
    ],
    removed: 2,
    added: 2,
  },
  { name: 'full', doc: 0, next: [{ version: '4.0.0', percent: 100 }], removed: 3, added: 1 },
  {
    name: 'flow-sequence',
    doc: 0,
    next: [
      { version: '1.4.0', percent: 80 },
      { version: '1.5.0', percent: 20 },
    ],
    removed: 1,
    added: 1,
  },
  {
    name: 'multi-document',
    doc: 1,
    next: [
      { version: '3.2.0', percent: 75 },
      { version: '4.0.0', percent: 25 },
    ],
    removed: 1,
    added: 2,
  },
  { name: 'rollback', doc: 0, next: [{ version: '3.2.0', percent: 100 }], removed: 2, added: 1 },
];

describe('traffic edits keep everything but the traffic lines', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = read(c.name);
      const edit = editTraffic(before, c.doc, c.next);
      expect(edit.method).toBe('splice');
      expectGolden(c.name, edit.text);
      const docs = edit.text.split(/^---\n/m).map((d) => parse(d) as { spec: { traffic: TrafficEntry[] } });
      expect(docs[c.doc]!.spec.traffic).toEqual(c.next);
      const diff = changedLines(before, edit.text);
      expect(diff.removed.length).toBe(c.removed);
      expect(diff.added.length).toBe(c.added);
      // Every changed line is a traffic line: an entry, or a comment that belonged to a removed entry.
      for (const line of [...diff.removed, ...diff.added])
        expect(line).toMatch(/^\s*(- |#|percent: |\S.*traffic: \[|spec: \{)/);
    });
  }
});

describe('a Deployment created from the previous environment', () => {
  const from = {
    text: read('create', 'from.yaml'),
    docIndex: 0,
    file: 'environments/staging/fraud-detector.yaml',
    env: 'staging',
    revision: '1a2b3c4',
  };

  it('copies the document with a header comment saying where it came from', () => {
    expectGolden('create', copyDeployment(from, [{ version: '4.0.0', percent: 100 }]));
  });

  it('appends to a file that already holds other documents', () => {
    const existing = read('multi-document');
    const out = copyDeployment(from, [{ version: '4.1.0', percent: 100 }], existing);
    expect(
      out.startsWith(`${existing}---\n# Copied by \`slipway promote\` from environments/staging/fraud-detector.yaml`),
    ).toBe(true);
    expect(
      out.endsWith(
        '    - {version: 4.1.0, percent: 100}   # promoted 2026-11-20\n  mode: realtime\n  endpoint: {path: /v1/fraud-detector, timeout: 250ms}\n  errorPolicy: realtime-strict\n  resources: {replicas: {min: 1, max: 2}}\n',
      ),
    ).toBe(true);
  });
});
