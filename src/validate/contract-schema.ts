import { Ajv, type AnySchema } from 'ajv';
import type { PathSegment } from './diagnostic.js';
import { didYouMean } from './suggest.js';

/** Why a contract side is not a valid JSON Schema (draft-07), with the path of the offending keyword. */
export interface SchemaProblem {
  path: PathSegment[];
  message: string;
  hint?: string;
}

let metaValidator: Ajv | undefined;

/** Problems of a contract's `input` or `output` as a JSON Schema; empty when it is a valid one. */
export function contractSchemaProblems(schema: unknown): SchemaProblem[] {
  // Only the meta-schema check: compiling every contract would cost far more, and nothing runs them here.
  metaValidator ??= new Ajv({ strict: false, allErrors: true });
  if (metaValidator.validateSchema(schema as AnySchema) === true) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of metaValidator.errors ?? []) {
    const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
    const where = path.length ? `\`${path.join('.')}\`` : 'the schema';
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const got = valueAt(schema, path);
    const shown = typeof got === 'string' ? `\`${got}\`` : JSON.stringify(got) ?? 'nothing';
    const message = allowed ? `${where} must be one of ${allowed.map(String).join(', ')}; got ${shown}` : `${where} ${e.message ?? 'is not valid'}; got ${shown}`;
    const hint = allowed && typeof got === 'string' ? didYouMean(got, allowed.map(String)) : undefined;
    const key = `${e.instancePath}`;
    // anyOf/oneOf branches repeat the same node; the first (most specific) message is enough.
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(hint ? { path, message, hint } : { path, message });
  }
  return out;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
