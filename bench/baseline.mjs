// @ts-check
/**
 * The floors `validate` is measured against: read every configuration file of a repository
 * (slipway.yaml, models/, environments/) and, depending on the mode, parse it.
 *
 *   node bench/baseline.mjs read    <dir>   # read only
 *   node bench/baseline.mjs js-yaml <dir>   # read + js-yaml loadAll (the fastest YAML parser on Node)
 *   node bench/baseline.mjs yaml    <dir>   # read + the `yaml` package's parseAllDocuments (keeps positions)
 *
 * It reads files the way Slipway does (a synchronous directory walk, then a synchronous read of
 * each file: for thousands of small files that is several times faster than `fs/promises`),
 * so the difference to `validate` is the parse, the schema, the rules and the report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir] = process.argv.slice(2);
if (!dir || !['read', 'js-yaml', 'yaml'].includes(mode ?? '')) {
  process.stderr.write('usage: node bench/baseline.mjs read|js-yaml|yaml <dir>\n');
  process.exit(2);
}

/** @param {string} rel @param {string[]} out */
function walk(rel, out) {
  let entries;
  try {
    entries = readdirSync(join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(child, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(child);
  }
}

/** @type {string[]} */
const files = ['slipway.yaml'];
walk('models', files);
walk('environments', files);

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
for (const file of files) {
  const parsed = parse(readFileSync(join(dir, file), 'utf8'));
  documents += Array.isArray(parsed) ? parsed.length : 0;
}
process.stdout.write(`${files.length} files, ${documents} documents\n`);
