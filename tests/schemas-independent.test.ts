import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerSchema, setShouldValidateFormat, validate, type SchemaObject } from '@hyperjump/json-schema/draft-07';
import '@hyperjump/json-schema/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS, isKind } from '../src/kinds/index.js';
import { fsTree } from '../src/load/fs-tree.js';
import { loadTree } from '../src/load/load-tree.js';
import { schemaFileName, schemaId } from '../scripts/schema-gen.mjs';

/**
 * The published schemas through a second validator that shares no code with ajv
 * (@hyperjump/json-schema, strict about draft-07): editors and other tools must read them as we do.
 */
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

type Schema = SchemaObject & { $id: string; $schema: string; definitions: SchemaObject };
const committed = (kind: string): Schema =>
  JSON.parse(readFileSync(path.join(root, 'schemas', schemaFileName(kind)), 'utf8')) as Schema;
/** Plain JSON data (YAML parsed with the core schema is): what the validator takes. */
const check = (id: string, value: unknown) => validate(id, value as SchemaObject, 'BASIC');

describe('schemas/ under an independent draft-07 validator', () => {
  beforeAll(() => {
    setShouldValidateFormat(true);
    for (const kind of KINDS) registerSchema(committed(kind));
  });

  it.each(KINDS)('%s is a valid draft-07 schema (against the meta-schema)', async (kind) => {
    expect((await validate(DRAFT_07, committed(kind))).valid).toBe(true);
  });

  it('every document of the example repository is valid against its kind', async () => {
    const loaded = await loadTree(fsTree(root));
    const failures: string[] = [];
    const counts = new Map<string, number>();
    for (const doc of loaded.documents) {
      const kind = (doc.value as { kind?: unknown }).kind;
      if (!isKind(kind)) throw new Error(`${doc.file}: no kind`);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const output = await check(schemaId(kind), doc.value);
      if (!output.valid) failures.push(`${doc.file}#${doc.index}: ${JSON.stringify(output.errors)}`);
    }
    expect(failures).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...KINDS].sort());
  });

  it('refuses what the schemas refuse: a missing field, an unknown one, a bad pattern, a bad date-time', async () => {
    const model = (versions: unknown[], extra: Record<string, unknown> = {}): unknown => ({
      apiVersion: 'slipway.dev/v1',
      kind: 'Model',
      metadata: { name: 'm' },
      spec: { owners: ['team:a'], versions, ...extra },
    });
    const version = {
      version: '1.0.0',
      status: 'approved',
      artifact: { uri: 's3://x', digest: `sha256:${'a'.repeat(64)}` },
    };
    const id = schemaId('Model');
    expect((await check(id, model([version]))).valid).toBe(true);
    expect((await check(id, model([{ ...version, artifact: { uri: 's3://x' } }]))).valid).toBe(false);
    expect((await check(id, model([version], { colour: 'blue' }))).valid).toBe(false);
    expect((await check(id, model([{ ...version, version: '1.0' }]))).valid).toBe(false);
    expect((await check(id, model([{ ...version, createdAt: 'yesterday' }]))).valid).toBe(false);
  });

  it('could not use the old shape: a root $ref beside $id and definitions', async () => {
    // Draft-07 ignores every sibling of `$ref`, `$id` and `definitions` included, so the reference dangles.
    const { $schema, $id, definitions, ...rootDef } = committed('Consumer');
    const old = {
      $id: `${$id}?old`,
      $schema,
      $ref: '#/definitions/Consumer',
      definitions: { Consumer: rootDef, ...definitions },
    };
    registerSchema(old);
    await expect(check(`${$id}?old`, {})).rejects.toThrow(/definitions/);
  });
});
