/** Types for schema-gen.mjs, so that TypeScript tests can import it. */
export declare const KIND_NAMES: readonly string[];
export declare function schemaFileName(kind: string): string;
export declare function schemaId(kind: string): string;
/** Every kind's JSON Schema, generated in memory from src/kinds (with its `$id`). */
export declare function generateSchemas(root: string): Map<string, Record<string, unknown>>;
