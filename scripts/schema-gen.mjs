import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

export const KIND_NAMES = [
  'Project',
  'Model',
  'Environment',
  'Deployment',
  'DataSource',
  'ErrorPolicy',
  'AccessPolicy',
  'Consumer',
];

export const schemaFileName = (kind) => `${kind.toLowerCase()}.schema.json`;
export const schemaId = (kind) => `https://slipway.dev/schemas/v1/${schemaFileName(kind)}`;

/** One generator (one TypeScript program) for every kind: the program build is the slow part. */
export function generateSchemas(root) {
  const generator = createGenerator({
    path: path.join(root, 'src/kinds/index.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    skipTypeCheck: true,
    additionalProperties: false,
    expose: 'export',
    jsDoc: 'extended',
    sortProps: true,
    strictTuples: true,
  });
  const out = new Map();
  for (const kind of KIND_NAMES) {
    const schema = generator.createSchema(kind);
    out.set(kind, { $id: schemaId(kind), ...schema });
  }
  return out;
}
