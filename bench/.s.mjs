import { readdirSync, readFileSync, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const t0 = performance.now();
const files = ['slipway.yaml'];
function walk(rel) { for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) { const c = `${rel}/${e.name}`; if (e.isDirectory()) walk(c); else if (/\.ya?ml$/.test(e.name)) files.push(c); } }
walk('models'); walk('environments');
const t1 = performance.now();
let bytes = 0;
for (const f of files) { const b = readFileSync(join(dir, f)); bytes += b.length; }
const t2 = performance.now();
const jsYaml = (await import('js-yaml')).default;
let n=0; for (const f of files) { n += jsYaml.loadAll(readFileSync(join(dir, f), 'utf8'), undefined, { schema: jsYaml.CORE_SCHEMA }).length; }
const t3 = performance.now();
console.log(files.length, bytes, 'walk', (t1-t0).toFixed(0), 'read', (t2-t1).toFixed(0), 'read+parse', (t3-t2).toFixed(0));
