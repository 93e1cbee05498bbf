// Octokit is loaded only when a command talks to GitHub: no module outside the client may
// import it at run time, and the client itself imports it dynamically.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no source file imports @octokit/* statically, except as types', () => {
  const offenders = files(SRC).filter((file) =>
    /^import\s+(?!type\b)[^;]*from\s+'@octokit\//m.test(readFileSync(file, 'utf8')),
  );
  expect(offenders.map((file) => relative(SRC, file))).toEqual([]);
});

test('the client loads Octokit with dynamic imports', () => {
  const client = readFileSync(join(SRC, 'github', 'octokit.ts'), 'utf8');
  for (const name of ['@octokit/rest', '@octokit/plugin-retry', '@octokit/plugin-throttling'])
    expect(client).toContain(`import('${name}')`);
});
