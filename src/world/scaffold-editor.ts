import type { Kind } from '../kinds/index.js';

/** A published JSON Schema, as the caller read it from the package's schemas/ folder. */
export interface PublishedSchema {
  $id: string;
  description?: string;
  [keyword: string]: unknown;
}

/**
 * Where each kind lives in a repository laid out as the scaffold lays it out (one kind per file
 * or folder), so the editor can pick one schema per file: a glob maps to exactly one schema.
 */
const FILE_MATCH: Record<Kind, string[]> = {
  Project: ['slipway.yaml', 'slipway.yml'],
  Model: ['models/*/model.yaml', 'models/*/model.yml'],
  Environment: ['environments/*/environment.yaml', 'environments/*/environment.yml'],
  Deployment: ['environments/*/deployments/*.yaml', 'environments/*/deployments/*.yml'],
  DataSource: ['environments/*/data-sources.yaml', 'environments/*/data-sources/*.yaml'],
  ErrorPolicy: ['environments/*/error-policies.yaml', 'environments/*/error-policies/*.yaml'],
  AccessPolicy: ['environments/*/access-policies.yaml', 'environments/*/access-policies/*.yaml'],
  Consumer: ['environments/*/consumers.yaml', 'environments/*/consumers/*.yaml'],
};

const fileOf = (kind: Kind): string => `schemas/${kind.toLowerCase()}.schema.json`;
const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

/**
 * The schemas copied into the repository (editors work offline, and the copy matches the slipway
 * version CI pins), `.vscode/settings.json` mapping each file pattern to its schema for the YAML
 * extension (yaml-language-server), and `schemas/catalog.json` in SchemaStore's catalog format,
 * naming each schema by its stable `$id`.
 */
export function editorFiles(schemas: ReadonlyMap<Kind, PublishedSchema>): [string, string][] {
  const kinds = (Object.keys(FILE_MATCH) as Kind[]).filter((k) => schemas.has(k));
  const files: [string, string][] = kinds.map((k) => [fileOf(k), json(schemas.get(k))]);
  const yamlSchemas: Record<string, string[]> = {};
  for (const k of kinds) yamlSchemas[`./${fileOf(k)}`] = FILE_MATCH[k];
  files.push(['.vscode/settings.json', json({ 'yaml.schemas': yamlSchemas })]);
  const catalog = {
    $schema: 'https://json.schemastore.org/schema-catalog.json',
    version: 1,
    schemas: kinds.map((k) => ({
      name: `Slipway ${k}`,
      description: schemas.get(k)!.description ?? `A Slipway ${k} document.`,
      fileMatch: FILE_MATCH[k],
      url: schemas.get(k)!.$id,
    })),
  };
  // SchemaStore writes the catalog version as 1.0; JSON.stringify would write 1.
  files.push(['schemas/catalog.json', json(catalog).replace('"version": 1,', '"version": 1.0,')]);
  return files;
}
