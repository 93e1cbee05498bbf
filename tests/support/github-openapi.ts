/**
 * GitHub's published OpenAPI description, read once per test process, and request/response
 * validators compiled lazily, one operation at a time. The description is the part of the
 * `@octokit/openapi` package's api.github.com.json that Slipway calls, copied unchanged into
 * tests/fixtures/github/openapi-subset.json by scripts/github-openapi-subset.mjs.
 *
 * The description is OpenAPI 3.0 (`nullable`, `example`, component `$ref`s); each schema we
 * validate with is bundled into a standalone JSON Schema: referenced components are copied into
 * `$defs` transitively and `nullable` becomes a `null` type, so ajv (non-strict) can check it.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonObject;
}

interface OpenApiDescription {
  paths: Record<string, Record<string, JsonObject>>;
  components: {
    schemas: Record<string, JsonObject>;
    parameters: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
    examples: Record<string, JsonObject>;
    requestBodies?: Record<string, JsonObject>;
  };
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: OpenApiParameter[];
  raw: JsonObject;
}

export interface MatchedOperation {
  operation: Operation;
  pathParams: Record<string, string>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

let description: OpenApiDescription | undefined;

function load(): OpenApiDescription {
  if (description === undefined) {
    description = JSON.parse(
      readFileSync(new URL('../fixtures/github/openapi-subset.json', import.meta.url), 'utf8'),
    ) as OpenApiDescription;
  }
  return description;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Follows a `#/components/<section>/<name>` reference. */
function deref(value: JsonObject): JsonObject {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  const [, , section, name] = ref.split('/');
  const target = (load().components as unknown as Record<string, Record<string, JsonObject>>)[section ?? '']?.[
    name ?? ''
  ];
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return deref(target);
}

// ---- schema conversion ------------------------------------------------------------------------

const DROPPED = new Set([
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'deprecated',
  'readOnly',
  'writeOnly',
  'nullable',
  'description',
  'title',
]);

function convert(value: Json, refs: Set<string>): Json {
  if (Array.isArray(value)) return value.map((item) => convert(item, refs));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof child === 'string') {
      const name = child.replace('#/components/schemas/', '');
      refs.add(name);
      out.$ref = `#/$defs/${name}`;
    } else if ((key === 'properties' || key === 'patternProperties') && isObject(child)) {
      out[key] = Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, convert(schema, refs)]));
    } else {
      out[key] = convert(child, refs);
    }
  }
  if (value.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [{ type: 'null' }, out] };
    }
  }
  return out;
}

/** One standalone JSON Schema: the root plus every component it reaches, in `$defs`. */
function bundleSchema(schema: JsonObject): JsonObject {
  const refs = new Set<string>();
  const root = convert(schema, refs) as JsonObject;
  const defs: JsonObject = {};
  const queue = [...refs];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    const found = new Set<string>();
    const component = load().components.schemas[name];
    if (component === undefined) throw new Error(`unknown component schema ${name}`);
    defs[name] = convert(component, found);
    for (const ref of found) {
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  }
  return { ...root, $defs: defs };
}

// ---- operations -------------------------------------------------------------------------------

interface Route {
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  operations: Map<string, Operation>;
}

let routes: Route[] | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildRoutes(): Route[] {
  const built: Route[] = [];
  for (const [template, item] of Object.entries(load().paths)) {
    const names: string[] = [];
    const pattern = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const param = /^\{([^}]+)\}$/.exec(part);
        if (param === null) return escapeRegExp(part);
        names.push(param[1] as string);
        return '([^/]+)';
      })
      .join('');
    const shared = Array.isArray(item.parameters) ? (item.parameters as JsonObject[]) : [];
    const operations = new Map<string, Operation>();
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(raw) || typeof raw.operationId !== 'string') continue;
      const own = Array.isArray(raw.parameters) ? (raw.parameters as JsonObject[]) : [];
      const parameters = [...shared, ...own].map((p) => deref(p) as unknown as OpenApiParameter);
      operations.set(method.toUpperCase(), {
        operationId: raw.operationId,
        method: method.toUpperCase(),
        template,
        parameters,
        raw,
      });
    }
    const literalSegments = template.split('/').filter((segment) => segment !== '' && !segment.includes('{')).length;
    built.push({ pattern: new RegExp(`^${pattern}$`), names, literalSegments, operations });
  }
  // A literal segment beats a parameter: /pulls/comments is not /pulls/{pull_number}.
  return built.sort((a, b) => b.literalSegments - a.literalSegments);
}

/** The documented operation for a method and path, or a reason why there is none. */
export function matchOperation(method: string, path: string): MatchedOperation | { error: string } {
  routes ??= buildRoutes();
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    pathMatched = true;
    const operation = route.operations.get(method.toUpperCase());
    if (operation === undefined) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(match[i + 1] as string);
    });
    return { operation, pathParams };
  }
  return { error: pathMatched ? `${method} is not documented for ${path}` : `no documented path matches ${path}` };
}

// ---- validators -------------------------------------------------------------------------------

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const strictAjv = addFormats(new Ajv({ strict: false, allErrors: true }));
const coercingAjv = addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: 'array' }));
const cache = new Map<string, ValidateFunction>();

function compiled(key: string, ajv: Ajv, build: () => JsonObject): ValidateFunction {
  let validate = cache.get(key);
  if (validate === undefined) {
    validate = ajv.compile(bundleSchema(build()));
    cache.set(key, validate);
  }
  return validate;
}

function describe(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
}

/** Path and query parameters, coerced from strings as GitHub would read them. */
export function validateParameters(
  operation: Operation,
  location: 'path' | 'query',
  values: Record<string, unknown>,
): string[] {
  const params = operation.parameters.filter((p) => p.in === location);
  const validate = compiled(`${operation.operationId} ${location}`, coercingAjv, () => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
    required: params.filter((p) => p.required === true || location === 'path').map((p) => p.name),
    additionalProperties: false,
  }));
  return validate({ ...values }) ? [] : describe(validate, `${location} parameters`);
}

function jsonContent(container: JsonObject | undefined): JsonObject | undefined {
  if (container === undefined) return undefined;
  const content = deref(container).content;
  if (!isObject(content)) return undefined;
  const json = content['application/json'] ?? Object.entries(content).find(([type]) => type.includes('json'))?.[1];
  return isObject(json) ? json : undefined;
}

/** The JSON request body against the operation's `requestBody` schema. */
export function validateRequestBody(operation: Operation, body: unknown): string[] {
  const requestBody = isObject(operation.raw.requestBody) ? deref(operation.raw.requestBody) : undefined;
  if (requestBody === undefined) return body === undefined ? [] : [`${operation.operationId} takes no request body`];
  if (body === undefined)
    return requestBody.required === true ? [`${operation.operationId} requires a request body`] : [];
  const schema = jsonContent(requestBody)?.schema;
  if (!isObject(schema)) return [];
  const validate = compiled(`${operation.operationId} body`, strictAjv, () => schema);
  return validate(body) ? [] : describe(validate, 'request body');
}

/**
 * A scenario's response against the documented response for its status. Errors GitHub sends on
 * any operation (401, 403, 429, 5xx) are checked against `basic-error` when not documented.
 */
export function validateResponse(operation: Operation, status: number, body: unknown): string[] {
  const responses = isObject(operation.raw.responses) ? operation.raw.responses : {};
  const documented = responses[String(status)];
  if (!isObject(documented)) {
    if (status >= 400) {
      const validate = compiled('basic-error', strictAjv, () => ({ $ref: '#/components/schemas/basic-error' }));
      return validate(body) ? [] : describe(validate, `${status} response`);
    }
    return [`${operation.operationId} does not document a ${status} response`];
  }
  const schema = jsonContent(documented)?.schema;
  if (!isObject(schema))
    return body === undefined || body === '' ? [] : [`${operation.operationId} ${status} has no body`];
  const validate = compiled(`${operation.operationId} ${status}`, strictAjv, () => schema);
  return validate(body) ? [] : describe(validate, `${status} response`);
}

/** A deep copy of the operation's first documented example for a status: responses start from it. */
const examples = new Map<string, Json>();

export function documentedExample(operationId: string, status: number): Json {
  const key = `${operationId} ${status}`;
  const cached = examples.get(key);
  if (cached !== undefined) return structuredClone(cached);
  examples.set(key, findExample(operationId, status));
  return structuredClone(examples.get(key) as Json);
}

function findExample(operationId: string, status: number): Json {
  routes ??= buildRoutes();
  for (const route of routes) {
    for (const operation of route.operations.values()) {
      if (operation.operationId !== operationId) continue;
      const responses = isObject(operation.raw.responses) ? operation.raw.responses : {};
      const documented = responses[String(status)];
      const examples = isObject(documented) ? jsonContent(documented)?.examples : undefined;
      const first = isObject(examples) ? Object.values(examples)[0] : undefined;
      if (!isObject(first)) throw new Error(`${operationId} has no documented ${status} example`);
      return structuredClone(deref(first).value ?? null);
    }
  }
  throw new Error(`unknown operation ${operationId}`);
}

export type { Json, JsonObject };
