// @ts-check
/**
 * The floors `validate` is measured against: read every configuration file of a repository
 * (slipway.yaml, models/, environments/) and, depending on the mode, parse it.
 *
 *   node bench/baseline.mjs read    <dir>   # read only
 *   node bench/baseline.mjs js-yaml <dir>   # read + js-yaml loadAll (the fastest YAML parser on Node)
 *   node bench/baseline.mjs yaml    <dir>   # read + the `yaml` package's parseAllDocuments (keeps positions)
 *
 * It reads files the way Slipway does (a directory walk, then reads 64 at a time), so the
 * difference to `validate` is the parse, the schema, the rules and the report.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const [mode, dir] = process.argv.slice(2);
if (!dir || !['read', 'js-yaml', 'yaml'].includes(mode ?? '')) {
  process.stderr.write('usage: node bench/baseline.mjs read|js-yaml|yaml <dir>\n');
  process.exit(2);
}

/** @param {string} rel @param {string[]} out */
async function walk(rel, out) {
  const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
  await Promise.all(
    entries.map((e) => {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) return walk(child, out);
      if (/\.ya?ml$/.test(e.name)) out.push(child);
      return undefined;
    }),
  );
}

/** @type {string[]} */
const files = ['slipway.yaml'];
await Promise.all([walk('models', files), walk('environments', files)]);

/** @type {(text: string) => unknown} */
let parse = () => undefined;
if (mode === 'js-yaml') {
  const jsYaml = (await import('js-yaml')).default;
  parse = (text) => jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
} else if (mode === 'yaml') {
  const YAML = await import('yaml');
  parse = (text) => YAML.parseAllDocuments(text).map((d) => d.toJS());
}

let documents = 0;
for (let i = 0; i < files.length; i += 64) {
  const texts = await Promise.all(files.slice(i, i + 64).map((f) => readFile(join(dir, f), 'utf8')));
  for (const text of texts) {
    const parsed = parse(text);
    documents += Array.isArray(parsed) ? parsed.length : 0;
  }
}
process.stdout.write(`${files.length} files, ${documents} documents\n`);
