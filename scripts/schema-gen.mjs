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
  for (const kind of KIND_NAMES) out.set(kind, inlineRoot(kind, generator.createSchema(kind)));
  return out;
}

/**
 * The generator's root is `{$ref: '#/definitions/<Kind>'}` beside `definitions`. Under draft-07 a
 * `$ref` makes every sibling keyword ignored, `$id` included, so strict validators refuse or
 * misread such a root. The kind's own definition becomes the root instead; the other types stay
 * in `definitions`, and so does the kind's unless nothing refers to it.
 */
function inlineRoot(kind, { $ref, $schema, definitions = {}, ...rest }) {
  if ($ref !== `#/definitions/${kind}` || !definitions[kind] || Object.keys(rest).length > 0)
    throw new Error(`${kind}: unexpected generator output (root ${String($ref)})`);
  const { [kind]: root, ...others } = definitions;
  const stillReferenced =
    JSON.stringify(others).includes(`"#/definitions/${kind}"`) ||
    JSON.stringify(root).includes(`"#/definitions/${kind}"`);
  return {
    $schema,
    $id: schemaId(kind),
    ...root,
    definitions: stillReferenced ? definitions : others,
  };
}
