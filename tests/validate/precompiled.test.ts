import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Kind } from '../../src/kinds/index.js';
import { fsTree } from '../../src/load/fs-tree.js';
import { loadTree } from '../../src/load/load-tree.js';
import { compileValidator, SchemaValidator } from '../../src/validate/schema.js';
import { compileContractMeta, contractSchemaProblems } from '../../src/validate/contract-schema.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Broken variants of a valid document, each hitting a different schema keyword. */
function variants(doc: Record<string, unknown>): unknown[] {
  const spec = doc.spec as Record<string, unknown>;
  const metadata = doc.metadata as Record<string, unknown>;
  const model = JSON.parse(JSON.stringify(doc)) as { spec: { versions?: Array<Record<string, unknown>> } };
  if (model.spec.versions?.[0])
    Object.assign(model.spec.versions[0], { createdAt: 'yesterday', status: 'aproved', version: 3.1 });
  return [
    doc,
    { ...doc, extra: true },
    { ...doc, metadata: { ...metadata, name: 'Not A DNS Label', labels: { team: 7 } } },
    { ...doc, spec: {} },
    { ...doc, spec: { ...spec, unknownField: 1 } },
    { ...doc, spec: 42 },
    { kind: doc.kind },
    model,
  ];
}

describe('precompiled schema validators (schemas/validators.cjs)', () => {
  it('are the ones validate uses', () => {
    const precompiled = require('../../schemas/validators.cjs') as Record<Kind, unknown>;
    const validator = new SchemaValidator();
    for (const kind of [
      'Project',
      'Model',
      'Environment',
      'Deployment',
      'DataSource',
      'ErrorPolicy',
      'AccessPolicy',
      'Consumer',
    ] as const) {
      expect(validator.validator(kind), kind).toBe(precompiled[kind]);
    }
  });

  it('give exactly the errors of validators compiled at run time, for valid and broken documents of every kind', async () => {
    const loaded = await loadTree(fsTree(root));
    const validator = new SchemaValidator();
    const compiled = new Map<Kind, ReturnType<typeof compileValidator>>();
    const kinds = new Set<string>();
    let compared = 0;
    for (const { value } of loaded.documents) {
      const kind = (value as { kind: Kind }).kind;
      kinds.add(kind);
      if (!compiled.has(kind)) compiled.set(kind, compileValidator(kind));
      for (const input of variants(value as Record<string, unknown>)) {
        const fast = validator.validator(kind);
        const reference = compiled.get(kind)!;
        expect(fast(input)).toBe(reference(input));
        expect(fast.errors ?? null).toEqual(reference.errors ?? null);
        compared++;
      }
    }
    expect(kinds.size).toBe(8);
    expect(compared).toBeGreaterThan(300);
  });
});

describe('precompiled contract meta-schema (schemas/contract-meta.cjs)', () => {
  const schemas: unknown[] = [
    { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } },
    { type: 'strng' },
    { properties: { a: { type: 5 } }, required: 'x' },
    { enum: [1, 1] },
    { type: ['string', 'string'] },
    { minLength: -1, pattern: 3, items: [{ type: 'nope' }] },
    { $ref: 7, additionalProperties: 'no' },
    true,
    'not a schema',
  ];

  it('gives exactly the errors of ajv compiling the draft-07 meta-schema at run time', () => {
    const precompiled = (
      require('../../schemas/contract-meta.cjs') as { ContractSchema: { (s: unknown): boolean; errors?: unknown } }
    ).ContractSchema;
    const reference = compileContractMeta();
    for (const schema of schemas) {
      expect(precompiled(schema), JSON.stringify(schema)).toBe(reference(schema));
      expect(precompiled.errors ?? null).toEqual(reference.errors ?? null);
    }
  });

  it('is what the contract rule uses: a bad type names the path and the allowed values', () => {
    expect(contractSchemaProblems({ properties: { amount: { type: 'numbr' } } })).toEqual([
      expect.objectContaining({ path: ['properties', 'amount', 'type'], hint: expect.stringContaining('number') }),
    ]);
    expect(contractSchemaProblems({ type: 'object' })).toEqual([]);
  });
});
