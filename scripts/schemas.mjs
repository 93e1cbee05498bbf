// Generates schemas/<kind>.schema.json from the TypeScript kinds in src/kinds.
// `--check` compares instead of writing and exits 1 when a committed schema is stale.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { generateSchemas, schemaFileName } from './schema-gen.mjs';
import { contractMetaSource, validatorsSource } from './validators.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const check = process.argv.includes('--check');
const outDir = path.join(root, 'schemas');
const schemas = generateSchemas(root);
let stale = [];
await mkdir(outDir, { recursive: true });
const outputs = [...schemas].map(([kind, schema]) => [schemaFileName(kind), JSON.stringify(schema, null, 2) + '\n']);
outputs.push(['validators.cjs', validatorsSource(schemas)], ['contract-meta.cjs', contractMetaSource()]);
for (const [name, text] of outputs) {
  const file = path.join(outDir, name);
  if (check) {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current !== text) stale.push(path.relative(root, file));
  } else {
    await writeFile(file, text);
  }
}
if (check && stale.length > 0) {
  console.error(`Stale schemas: ${stale.join(', ')}\nRun \`npm run schemas\` and commit the result.`);
  process.exitCode = 1;
} else if (check) {
  console.log(`schemas: ${schemas.size} up to date`);
} else {
  console.log(`schemas: wrote ${schemas.size} files to schemas/`);
}
