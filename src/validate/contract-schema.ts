import { createRequire } from 'node:module';
import type { Ajv, AnySchema, ValidateFunction } from 'ajv';
import type { PathSegment } from '../model/diagnostic.js';
import { previewJson, quoted } from '../model/echo.js';
import { didYouMean } from './suggest.js';

const require = createRequire(import.meta.url);

/** Why a contract side is not a valid JSON Schema (draft-07), with the path of the offending keyword. */
export interface SchemaProblem {
  path: PathSegment[];
  message: string;
  hint?: string;
}

/** Must equal CONTRACT_META_OPTIONS in scripts/validators.mjs. */
const CONTRACT_META_OPTIONS = { strict: false, allErrors: true } as const;

let metaValidator: ValidateFunction | undefined;

/**
 * The draft-07 meta-schema validator, precompiled by `npm run schemas` (schemas/contract-meta.cjs):
 * compiling it here would load ajv and cost more than checking every contract of a large repository.
 */
function metaSchema(): ValidateFunction {
  if (metaValidator) return metaValidator;
  try {
    metaValidator = (require('../../schemas/contract-meta.cjs') as { ContractSchema: ValidateFunction }).ContractSchema;
  } catch {
    metaValidator = compileContractMeta();
  }
  return metaValidator;
}

/** The run-time fallback, and the reference the tests compare the precompiled one against. */
export function compileContractMeta(): ValidateFunction {
  const { Ajv: AjvClass } = require('ajv') as { Ajv: new (options: object) => Ajv };
  const ajv = new AjvClass(CONTRACT_META_OPTIONS);
  return ajv.getSchema(ajv.defaultMeta() as string) as ValidateFunction;
}

// Versions of a model usually repeat their contract word for word: each distinct text is checked once.
const verdicts = new Map<string, SchemaProblem[]>();
const MAX_CACHED = 10_000;

/**
 * Problems of a contract's `input` or `output` as a JSON Schema; empty when it is a valid one.
 * `text` is the schema's JSON, when the caller has it already.
 */
export function contractSchemaProblems(
  schema: unknown,
  text: string | undefined = JSON.stringify(schema),
): SchemaProblem[] {
  const key = text ?? 'undefined';
  let problems = verdicts.get(key);
  if (problems === undefined) {
    problems = checkSchema(schema);
    if (verdicts.size >= MAX_CACHED) verdicts.clear();
    verdicts.set(key, problems);
  }
  // Callers get their own copies: a finding's path must not be shared.
  return problems.length === 0 ? problems : problems.map((p) => ({ ...p, path: [...p.path] }));
}

function checkSchema(schema: unknown): SchemaProblem[] {
  // Only the meta-schema check: compiling every contract would cost far more, and nothing runs them here.
  const validate = metaSchema();
  if (validate(schema as AnySchema) === true) return [];
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) {
    const path = pointerPath(e.instancePath);
    const where = path.length ? quoted(path.join('.')) : 'the schema';
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const got = valueAt(schema, path);
    const shown = typeof got === 'string' ? quoted(got) : got === undefined ? 'nothing' : previewJson(got);
    const message = allowed
      ? `${where} must be one of ${allowed.map(String).join(', ')}; got ${shown}`
      : `${where} ${e.message ?? 'is not valid'}; got ${shown}`;
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

/** Why a value does not satisfy a contract side, with the path of the offending node in the value. */
export interface ValueProblem {
  path: PathSegment[];
  message: string;
}

let valueAjv: Ajv | undefined;
// Compiled contract validators by schema text; contracts repeat across versions, and only the ones
// a static fallback answers for are compiled.
const compiled = new Map<string, ValidateFunction | null>();

/**
 * Problems of `value` against a contract side (a JSON Schema), e.g. a static fallback answer
 * against a version's output contract; empty when it satisfies it, or when the schema itself is
 * not a valid one (that has its own finding). ajv is loaded on first use only.
 */
export function contractValueProblems(schema: unknown, value: unknown): ValueProblem[] {
  const text = JSON.stringify(schema) ?? 'undefined';
  let validate = compiled.get(text);
  if (validate === undefined) {
    validate = contractSchemaProblems(schema, text).length > 0 ? null : compileContract(schema);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(text, validate);
  }
  if (validate === null || validate(value) === true) return [];
  const out: ValueProblem[] = [];
  for (const e of validate.errors ?? []) {
    const path = pointerPath(e.instancePath);
    const where = path.length ? `\`${path.join('.')}\`` : 'the value';
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const got = valueAt(value, path);
    const shown = typeof got === 'string' ? `\`${got}\`` : (JSON.stringify(got) ?? 'nothing');
    out.push({
      path,
      message: allowed
        ? `${where} must be one of ${allowed.map(String).join(', ')}; got ${shown}`
        : `${where} ${e.message ?? 'is not valid'}${path.length ? `; got ${shown}` : ''}`,
    });
  }
  return out;
}

function compileContract(schema: unknown): ValidateFunction | null {
  if (!valueAjv) {
    const { Ajv: AjvClass } = require('ajv') as { Ajv: new (options: object) => Ajv };
    const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
    valueAjv = new AjvClass({ ...CONTRACT_META_OPTIONS, logger: false });
    addFormats(valueAjv);
  }
  try {
    return valueAjv.compile(schema as AnySchema);
  } catch {
    // A schema the meta-schema accepts but ajv cannot compile (e.g. an unresolvable $ref).
    return null;
  }
}

function pointerPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
