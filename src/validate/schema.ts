import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { KINDS, type Kind } from '../kinds/index.js';
import { toDotted, type Finding, type PathSegment } from './diagnostic.js';
import { didYouMean } from './suggest.js';

// ajv-formats is CommonJS; its default export arrives as `.default` under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv, formats: string[]) => Ajv;

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

export const schemaFile = (kind: Kind): string => `${kind.toLowerCase()}.schema.json`;

/** Validators for every kind, compiled once per process on first use. */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<Kind, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats(this.ajv, ['date-time']);
  }

  validator(kind: Kind): ValidateFunction {
    let v = this.compiled.get(kind);
    if (!v) {
      const schema = JSON.parse(readFileSync(new URL(schemaFile(kind), SCHEMA_DIR), 'utf8')) as object;
      v = this.ajv.compile(schema);
      this.compiled.set(kind, v);
    }
    return v;
  }

  /** Schema findings of one document, in plain English and deduplicated. */
  check(kind: Kind, value: unknown, file: string, document: number): Finding[] {
    const validate = this.validator(kind);
    if (validate(value)) return [];
    return toFindings(validate.errors ?? [], value, file, document);
  }
}

/** Friendly descriptions and rule codes for the named string formats of the kinds. */
const NAMED_FORMATS: Record<string, { code: string; what: string; hint: string }> = {
  Duration: { code: 'invalid-duration', what: 'a duration such as `250ms`, `30s`, `5m`, `6h` or `2d`', hint: 'write a whole number followed by ms, s, m, h or d' },
  SemVer: { code: 'invalid-semver', what: 'a semantic version such as `3.2.0`', hint: 'use MAJOR.MINOR.PATCH, quoted if YAML could read it as a number' },
  Digest: { code: 'invalid-digest', what: '`sha256:` followed by 64 lowercase hex characters', hint: 'use the digest your registry reports, e.g. `sha256sum model.onnx`' },
  Timestamp: { code: 'invalid-timestamp', what: 'an RFC 3339 timestamp such as `2026-10-02T10:00:00Z`', hint: 'write date, `T`, time and a zone (`Z` or `+02:00`)' },
  Name: { code: 'invalid-name', what: 'a lowercase DNS label (a-z, 0-9 and `-`, 1-63 characters)', hint: 'use lowercase letters, digits and dashes, starting and ending with a letter or digit' },
  Subject: { code: 'invalid-subject', what: 'a subject `user:<login>`, `team:<name>` or `service:<name>`', hint: 'prefix the name with user:, team: or service:' },
  TeamRef: { code: 'invalid-subject', what: 'a team reference `team:<name>`', hint: 'prefix the team name with team:' },
  ResourcePattern: { code: 'invalid-resource-pattern', what: '`deployment:<name>`, `datasource:<name>` or `model:<name>`', hint: 'prefix the name with its kind; `*` matches any characters' },
};

function definitionOf(error: ErrorObject): string | undefined {
  return /#\/definitions\/([^/]+)\/[^/]+$/.exec(error.schemaPath)?.[1];
}

function pathOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function show(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `\`${String(value)}\``;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)', null: 'null' };

function typeHint(expected: string[], value: unknown): string | undefined {
  if (expected.includes('string') && typeof value === 'number') return `quote it: "${String(value)}" — YAML reads unquoted ${String(value)} as a number${/\.\d*0$/.test(String(value)) ? '' : ''}`;
  if (expected.includes('string') && typeof value === 'boolean') return 'quote it — YAML reads unquoted true/false as a boolean';
  if ((expected.includes('integer') || expected.includes('number')) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return `remove the quotes: ${value}`;
  if (expected.includes('boolean') && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) return 'write true or false; YAML 1.2 reads yes/no/on/off as strings';
  if (expected.includes('array') && value !== null && typeof value !== 'object') return `write a list: [${String(value)}]`;
  return undefined;
}

/** Turns ajv errors into findings: one per offending node, most specific first. */
export function toFindings(errors: readonly ErrorObject[], root: unknown, file: string, document: number): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const typed = new Set<string>();
  // A type error makes other errors on the same node noise (e.g. pattern on a number).
  for (const e of errors) if (e.keyword === 'type') typed.add(e.instancePath);

  for (const e of errors) {
    const path = pathOf(e.instancePath);
    const where = toDotted(path);
    let finding: Omit<Finding, 'file' | 'document' | 'severity'> | undefined;
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        const full = toDotted([...path, missing]);
        finding = { code: 'schema-required', message: `missing required field \`${full}\``, hint: `add \`${missing}:\` ${path.length ? `under \`${where}\`` : 'at the top of the document'}`, path };
        break;
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties) ?? {});
        const suggestion = didYouMean(extra, known);
        finding = {
          code: 'schema-unknown-field',
          message: `unknown field \`${toDotted([...path, extra])}\``,
          hint: suggestion ?? (known.length ? `known fields here: ${known.join(', ')}` : 'remove it'),
          path: [...path, extra],
          at: 'key',
        };
        break;
      }
      case 'type': {
        if (seen.has(`type:${e.instancePath}`)) continue;
        const expected = String((e.params as { type: string | string[] }).type).split(',');
        const value = e.data;
        const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
        finding = { code: 'schema-type', message: `\`${where}\` must be ${words}; got ${typeName(value)} ${show(value)}`, hint: typeHint(expected, value), path };
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const suggestion = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
        finding = { code: 'schema-enum', message: `\`${where}\` must be one of ${allowed.join(', ')}; got ${show(e.data)}`, hint: suggestion, path };
        break;
      }
      case 'const': {
        finding = { code: 'schema-enum', message: `\`${where}\` must be \`${String((e.params as { allowedValue: unknown }).allowedValue)}\`; got ${show(e.data)}`, path };
        break;
      }
      case 'pattern':
      case 'format': {
        if (typed.has(e.instancePath)) continue;
        const named = NAMED_FORMATS[definitionOf(e) ?? (e.keyword === 'format' ? 'Timestamp' : '')];
        finding = named
          ? { code: named.code, message: `\`${where}\` must be ${named.what}; got ${show(e.data)}`, hint: named.hint, path }
          : { code: 'schema-pattern', message: `\`${where}\` ${e.message ?? 'is not valid'}; got ${show(e.data)}`, path };
        break;
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'minItems':
      case 'maxItems':
      case 'minLength':
      case 'maxLength': {
        if (typed.has(e.instancePath)) continue;
        const limit = (e.params as { limit: number }).limit;
        const words: Record<string, string> = {
          minimum: `at least ${limit}`,
          maximum: `at most ${limit}`,
          exclusiveMinimum: `more than ${limit}`,
          exclusiveMaximum: `less than ${limit}`,
          minItems: `a list of at least ${limit} item${limit === 1 ? '' : 's'}`,
          maxItems: `a list of at most ${limit} items`,
          minLength: `at least ${limit} characters`,
          maxLength: `at most ${limit} characters`,
        };
        const got = Array.isArray(e.data) ? `${e.data.length} item${e.data.length === 1 ? '' : 's'}` : show(e.data);
        finding = { code: 'schema-range', message: `\`${where}\` must be ${words[e.keyword]}; got ${got}`, path };
        break;
      }
      default:
        if (typed.has(e.instancePath)) continue;
        finding = { code: 'schema-invalid', message: `\`${where}\` ${e.message ?? 'is not valid'}`, path };
    }
    const key = `${finding.code}:${JSON.stringify(finding.path)}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.keyword === 'type') seen.add(`type:${e.instancePath}`);
    out.push({ severity: 'error', file, document, ...finding });
  }
  void root;
  return out;
}

export const KNOWN_KINDS: readonly string[] = KINDS;
