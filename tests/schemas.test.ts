import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../src/kinds/index.js';
import { generateSchemas, KIND_NAMES, schemaFileName, schemaId } from '../scripts/schema-gen.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats: string[]) => Ajv;

interface Schema {
  $id?: string;
  $ref?: string;
  type?: string;
  properties?: Record<string, { description?: string; $ref?: string; const?: string }>;
  description?: string;
  definitions?: Record<
    string,
    { description?: string; properties?: Record<string, { description?: string; $ref?: string }> }
  >;
}

const committed = (kind: string): Schema =>
  JSON.parse(readFileSync(path.join(root, 'schemas', schemaFileName(kind)), 'utf8')) as Schema;

describe('schemas/', () => {
  let generated: Map<string, Record<string, unknown>>;
  beforeAll(() => {
    generated = generateSchemas(root);
  }, 60_000);

  it('has one schema per kind and nothing else', () => {
    expect([...KIND_NAMES].sort()).toEqual([...KINDS].sort());
    // validators.cjs: the same schemas precompiled by ajv, and contract-meta.cjs: the draft-07
    // meta-schema, likewise (scripts/validators.mjs); both checked fresh by schemas:check.
    expect(readdirSync(path.join(root, 'schemas')).sort()).toEqual(
      [...KINDS.map(schemaFileName), 'contract-meta.cjs', 'validators.cjs'].sort(),
    );
  });

  it.each(KINDS)('%s is fresh: the committed file is what src/kinds generates', (kind) => {
    const text = readFileSync(path.join(root, 'schemas', schemaFileName(kind)), 'utf8');
    expect(text).toBe(JSON.stringify(generated.get(kind), null, 2) + '\n');
  });

  it.each(KINDS)('%s has its $id and its kind inline at the root (no root $ref)', (kind) => {
    const schema = committed(kind);
    expect(schema.$id).toBe(schemaId(kind));
    expect(schema.$id).toBe(`https://slipway.dev/schemas/v1/${kind.toLowerCase()}.schema.json`);
    // Under draft-07 a root `$ref` hides its siblings, `$id` included: the root is the kind's object schema.
    expect(schema.$ref).toBeUndefined();
    expect(schema.type).toBe('object');
    expect(schema.properties?.kind?.const).toBe(kind);
    expect(Object.keys(schema.definitions ?? {})).not.toContain(kind);
  });

  it.each(KINDS)('%s compiles under ajv strict mode', (kind) => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv, ['date-time']);
    expect(() => ajv.compile(committed(kind))).not.toThrow();
  });

  it('all compile together in one ajv instance (distinct $ids)', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv, ['date-time']);
    for (const kind of KINDS) ajv.addSchema(committed(kind));
    for (const kind of KINDS) expect(ajv.getSchema(schemaId(kind))).toBeTypeOf('function');
  });

  it.each(KINDS)('%s documents every type and field (JSDoc becomes description)', (kind) => {
    const schema = committed(kind);
    const definitions = schema.definitions ?? {};
    const missing: string[] = [];
    for (const [name, def] of [[kind, schema] as const, ...Object.entries(definitions)]) {
      if (!def.description) missing.push(name);
      for (const [field, prop] of Object.entries(def.properties ?? {})) {
        const target = prop.$ref ? definitions[prop.$ref.replace('#/definitions/', '')] : undefined;
        if (!prop.description && !target?.description) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
    expect(schema.description).toMatch(/\S/);
  });
});
