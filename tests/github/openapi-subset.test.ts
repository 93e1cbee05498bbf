import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const subset = JSON.parse(readFileSync(new URL('../fixtures/github/openapi-subset.json', import.meta.url), 'utf8')) as {
  info: Record<string, string>;
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const operations = new Set(
  Object.values(subset.paths).flatMap((item) =>
    Object.values(item)
      .map((op) => op.operationId)
      .filter((id): id is string => id !== undefined),
  ),
);

/** `rest.pulls.listReviews` → `pulls/list-reviews`, the operationId Octokit's method stands for. */
const operationIdOf = (scope: string, method: string): string =>
  `${scope}/${method.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe("the vendored part of GitHub's OpenAPI description", () => {
  it('holds every operation src/ calls through Octokit, so the test server can check each one', () => {
    const called = new Set<string>();
    const src = new URL('../../src/', import.meta.url);
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(new URL(file, src), 'utf8').matchAll(/\brest\.(\w+)\.(\w+)/g))
        called.add(operationIdOf(m[1]!, m[2]!));
    }
    expect(called.size).toBeGreaterThanOrEqual(10);
    expect([...called].filter((id) => !operations.has(id))).toEqual([]);
  });

  it('says where it comes from', () => {
    expect(subset.info['x-slipway-subset']).toMatch(
      /^the operations Slipway calls, from @octokit\/openapi \d+\.\d+\.\d+/,
    );
  });
});
