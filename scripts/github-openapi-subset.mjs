// Writes tests/fixtures/github/openapi-subset.json: the operations of GitHub's published OpenAPI
// description (the `@octokit/openapi` package, api.github.com.json) that Slipway calls, with every
// component they reach, unchanged. The test server (tests/support/github-server.ts) checks each
// request and response against it. The full description is 385 MB installed; this is what the
// tests need of it, so installs stay small and fast.
//
// To refresh it, or to add an operation when src/github starts calling one:
//   npm install --no-save @octokit/openapi@<version>
//   node scripts/github-openapi-subset.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every operation src/github calls (through Octokit), by operationId. */
export const OPERATIONS = [
  'checks/create',
  'checks/update',
  'issues/add-labels',
  'issues/create-comment',
  'issues/list-comments',
  'issues/update-comment',
  'pulls/create',
  'pulls/list',
  'pulls/list-commits',
  'pulls/list-reviews',
  'pulls/update',
  // Not called: tests/github/server.test.ts needs a documented operation that no scenario answers.
  'repos/get',
];

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const source = require.resolve('@octokit/openapi/generated/api.github.com.json');
const version = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')).version;
const full = JSON.parse(readFileSync(source, 'utf8'));

const wanted = new Set(OPERATIONS);
const paths = {};
for (const [template, item] of Object.entries(full.paths)) {
  const kept = Object.fromEntries(
    Object.entries(item).filter(
      ([key, op]) => key === 'parameters' || (typeof op === 'object' && op !== null && wanted.has(op.operationId)),
    ),
  );
  if (Object.keys(kept).some((key) => key !== 'parameters')) paths[template] = kept;
}
const found = new Set(
  Object.values(paths).flatMap((item) =>
    Object.values(item)
      .map((op) => op.operationId)
      .filter(Boolean),
  ),
);
const missing = OPERATIONS.filter((id) => !found.has(id));
if (missing.length > 0) throw new Error(`not in @octokit/openapi ${version}: ${missing.join(', ')}`);

// Components reached from the kept operations, transitively; `basic-error` is what the test
// server checks undocumented error responses against.
const components = {};
const queue = ['#/components/schemas/basic-error'];
const visit = (value) => {
  if (Array.isArray(value)) value.forEach(visit);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') queue.push(child);
      else visit(child);
    }
  }
};
visit(paths);
const seen = new Set();
while (queue.length > 0) {
  const ref = queue.pop();
  if (seen.has(ref)) continue;
  seen.add(ref);
  const [, , section, name] = ref.split('/');
  const target = full.components[section]?.[name];
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  (components[section] ??= {})[name] = target;
  visit(target);
}
for (const section of Object.values(components)) {
  const sorted = Object.fromEntries(Object.entries(section).sort(([a], [b]) => (a < b ? -1 : 1)));
  for (const key of Object.keys(section)) delete section[key];
  Object.assign(section, sorted);
}

const subset = {
  openapi: full.openapi,
  info: {
    ...full.info,
    'x-slipway-subset': `the operations Slipway calls, from @octokit/openapi ${version} (scripts/github-openapi-subset.mjs)`,
  },
  paths,
  components,
};
const out = path.join(root, 'tests/fixtures/github/openapi-subset.json');
writeFileSync(out, JSON.stringify(subset) + '\n');
console.log(
  `${path.relative(root, out)}: ${OPERATIONS.length} operations, ${seen.size} components, from @octokit/openapi ${version}`,
);
