// Shared by the scripts that precompile the validators of rendered Kubernetes objects
// (scripts/kserve-schema.mjs, scripts/k8s-schemas.mjs): one ajv setup, one standalone writer,
// one --check mode. src/render/validate-objects.ts loads what they write.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const addFormats = require('ajv-formats');

/** Kubernetes' vendor keywords: annotations for the API server, no constraint for a validator. */
const K8S_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-embedded-resource',
];

/**
 * @param {Record<string, object>} schemas export name → JSON Schema
 * @returns {string} a CommonJS module exporting one validate function per name
 */
export function standaloneValidators(schemas, banner) {
  const ajv = new Ajv({
    allErrors: true,
    // strictTypes off: Kubernetes schemas put `pattern` on int-or-string quantities, which applies to strings only.
    strict: true,
    strictTypes: false,
    allowUnionTypes: true,
    // One function per definition, called where it is used: inlining made the module ten times larger.
    inlineRefs: false,
    code: { source: true, lines: false },
  });
  addFormats(ajv, ['date-time', 'int32', 'int64']);
  ajv.addVocabulary(K8S_KEYWORDS);
  const refs = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const id = `slipway:manifests/${name}`;
    ajv.addSchema({ ...schema, $id: id });
    refs[name] = id;
  }
  return `// ${banner} Do not edit.\n${standaloneCode(ajv, refs)}\n`;
}

/** Writes `outputs` (path → text), or with `--check` reports the stale ones and exits 1. */
export async function writeOrCheck(outputs, command) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, text] of Object.entries(outputs)) {
    if (check) {
      if ((await readFile(file, 'utf8').catch(() => '')) !== text) stale.push(file);
    } else await writeFile(file, text);
  }
  if (stale.length > 0) {
    console.error(`Stale: ${stale.join(', ')}\nRun \`${command}\` and commit the result.`);
    process.exitCode = 1;
  } else console.log(`${check ? 'up to date' : 'wrote'}: ${Object.keys(outputs).join(', ')}`);
}
