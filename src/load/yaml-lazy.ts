import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

const require = createRequire(import.meta.url);
let loaded: typeof Yaml | undefined;
let parses = 0;

/**
 * The `yaml` package, loaded on first use: only files with findings (and promote's edits) need
 * its source positions, and loading it costs every command about 50 ms. Synchronous through
 * `require` (the package ships CommonJS too), because locating findings is synchronous.
 */
export function yamlPackage(): typeof Yaml {
  return (loaded ??= require('yaml') as typeof Yaml);
}

/** The position-keeping parse of a whole file; counted, so tests can show it runs only where needed. */
export function parseWithPositions(
  text: string,
  options: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions,
): Yaml.Document.Parsed[] {
  parses++;
  return yamlPackage().parseAllDocuments(text, options) as Yaml.Document.Parsed[];
}

/** How many position-keeping parses this process has run. */
export const positionParses = (): number => parses;
