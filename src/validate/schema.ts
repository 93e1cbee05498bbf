import { readFileSync } from 'node:fs';
import type { RuleCode } from '../model/rule-codes.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Kind } from '../kinds/index.js';
import type { Finding, PathSegment } from '../model/diagnostic.js';
import { clipped, ECHO_LIMIT, quoted, quotedJson, shownPath } from '../model/echo.js';
import { findCredential, findKeyedSecret } from './credentials.js';
import { closest } from './suggest.js';
import { narrowUnionErrors } from './union-errors.js';

const require = createRequire(import.meta.url);
const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

const schemaFile = (kind: Kind): string => `${kind.toLowerCase()}.schema.json`;

/** Must equal AJV_OPTIONS in scripts/validators.mjs, which precompiles the validators. */
const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;

/**
 * The validators precompiled by `npm run schemas` (schemas/validators.cjs, kept fresh by
 * `schemas:check`). Compiling the schemas at start-up would cost about a second per process.
 */
function loadPrecompiled(): Partial<Record<Kind, ValidateFunction>> {
  try {
    return require(fileURLToPath(new URL('validators.cjs', SCHEMA_DIR))) as Partial<Record<Kind, ValidateFunction>>;
  } catch {
    return {};
  }
}

/** Compiles one kind's schema at run time: the fallback, and the reference the tests compare against. */
export function compileValidator(kind: Kind): ValidateFunction {
  // ajv and ajv-formats are CommonJS; loaded only here, so a normal run never loads them.
  const { Ajv: AjvClass } = require('ajv') as { Ajv: new (options: object) => Ajv };
  const addFormats = require('ajv-formats') as (ajv: Ajv, formats: string[]) => Ajv;
  const ajv = new AjvClass(AJV_OPTIONS);
  addFormats(ajv, ['date-time']);
  return ajv.compile(JSON.parse(readFileSync(new URL(schemaFile(kind), SCHEMA_DIR), 'utf8')) as object);
}

/** Validators for every kind, loaded once per process on first use. */
export class SchemaValidator {
  private readonly compiled = new Map<Kind, ValidateFunction>();
  private precompiled: Partial<Record<Kind, ValidateFunction>> | undefined;
  private readonly passed = new Map<Kind, WeakSet<object>>();

  validator(kind: Kind): ValidateFunction {
    let v = this.compiled.get(kind);
    if (!v) {
      v = (this.precompiled ??= loadPrecompiled())[kind] ?? compileValidator(kind);
      this.compiled.set(kind, v);
    }
    return v;
  }

  /**
   * Schema findings of one document, in plain English and deduplicated. `apiVersion` is left to
   * the envelope check, which reports it once with the known versions.
   */
  check(kind: Kind, value: unknown, file: string, document: number, remember = false): Finding[] {
    // A document shared by two loads (ParseCache) is checked once; only passes are remembered,
    // and only when asked: a WeakSet of every document costs the garbage collector.
    if (remember && typeof value === 'object' && value !== null && this.passed.get(kind)?.has(value)) return [];
    const validate = this.validator(kind);
    if (validate(value)) {
      if (remember && typeof value === 'object' && value !== null) {
        let set = this.passed.get(kind);
        if (!set) this.passed.set(kind, (set = new WeakSet()));
        set.add(value);
      }
      return [];
    }
    const errors = (validate.errors ?? []).filter(
      (e) =>
        e.instancePath !== '/apiVersion' &&
        !(
          e.keyword === 'required' &&
          e.instancePath === '' &&
          (e.params as { missingProperty?: string }).missingProperty === 'apiVersion'
        ),
    );
    return toFindings(narrowUnionErrors(errors), file, document);
  }
}

/** Friendly descriptions and rule codes for the named string formats of the kinds. */
const NAMED_FORMATS: Record<string, { code: RuleCode; what: string; hint: string }> = {
  Duration: {
    code: 'invalid-duration',
    what: 'a duration such as `250ms`, `30s`, `5m`, `6h` or `2d`',
    hint: 'write a whole number followed by ms, s, m, h or d',
  },
  SemVer: {
    code: 'invalid-semver',
    what: 'a semantic version such as `3.2.0`',
    hint: 'use MAJOR.MINOR.PATCH, quoted if YAML could read it as a number',
  },
  Digest: {
    code: 'invalid-digest',
    what: '`sha256:` followed by 64 lowercase hex characters',
    hint: 'use the digest your registry reports, e.g. `sha256sum model.onnx`',
  },
  Timestamp: {
    code: 'invalid-timestamp',
    what: 'an RFC 3339 timestamp such as `2026-10-02T10:00:00Z`',
    hint: 'write date, `T`, time and a zone (`Z` or `+02:00`)',
  },
  Name: {
    code: 'invalid-name',
    what: 'a lowercase DNS label (a-z, 0-9 and `-`, 1-63 characters)',
    hint: 'use lowercase letters, digits and dashes, starting and ending with a letter or digit',
  },
  Subject: {
    code: 'invalid-subject',
    what: 'a subject `user:<login>`, `team:<name>` or `service:<name>`',
    hint: 'prefix the name with user:, team: or service:',
  },
  TeamRef: { code: 'invalid-subject', what: 'a team reference `team:<name>`', hint: 'prefix the team name with team:' },
  ResourcePattern: {
    code: 'invalid-resource-pattern',
    what: '`deployment:<name>`, `datasource:<name>` or `model:<name>`',
    hint: 'prefix the name with its kind; `*` matches any characters',
  },
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

/**
 * A string value as a message may echo it: a credential (by its shape, or by its key: `password:`)
 * as its masked form, never in full.
 */
function secretOf(value: string, path: readonly PathSegment[]): string | undefined {
  const key = path[path.length - 1];
  return (findCredential(value) ?? (typeof key === 'string' ? findKeyedSecret(key, value) : undefined))?.masked;
}

/** A value as messages show it: `the string "100"`, `the number 2`, `a list`. */
function describe(value: unknown, path: readonly PathSegment[]): string {
  if (value === null || value === undefined) return 'an empty value (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const secret = secretOf(value, path);
    return secret !== undefined
      ? `a string that looks like a credential (${secret})`
      : `the string ${quotedJson(value)}`;
  }
  return `the ${typeof value} ${quoted(String(value))}`;
}

/** A value inside backticks, for enum and format messages (`got \`realtime \``). */
function show(value: unknown, path: readonly PathSegment[]): string {
  if (typeof value === 'string') {
    const secret = secretOf(value, path);
    return secret !== undefined ? `a string that looks like a credential (${secret})` : quoted(value);
  }
  if (value === null || value === undefined) return 'an empty value (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return quoted(String(value));
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  null: 'null',
};
const YAML11_TRUE = /^(yes|y|on|true)$/i;
const YAML11_BOOLEAN = /^(yes|no|y|n|on|off|true|false)$/i;

interface SchemaNode {
  properties?: Record<string, { description?: string; enum?: unknown[] }>;
  description?: string;
}

/** `key: value` as the user would write it at `path`, or just the value inside a list. */
function written(path: readonly PathSegment[], value: string): string {
  const key = path[path.length - 1];
  return typeof key === 'string' ? `\`${clipped(key)}: ${clipped(value)}\`` : `\`${clipped(value)}\``;
}

type Draft = Omit<Finding, 'file' | 'document' | 'severity'>;

function typeFinding(e: ErrorObject, path: PathSegment[]): Draft {
  const where = shownPath(path);
  const expected = String((e.params as { type: string | string[] }).type).split(',');
  const value: unknown = e.data;
  const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
  const message = `\`${where}\` must be ${words}; got ${describe(value, path)}`;
  const fields = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
  const draft: Draft = { code: 'schema-type', message, path };
  if (typeof value === 'number') {
    // Show the number as written (`.nan`, `1e3`, `0x1F`) when YAML's reading of it differs.
    draft.withSource = {
      message: `\`${where}\` must be ${words}; got \`{source}\`, which YAML reads as the number ${String(value)}`,
      unless: String(value),
    };
  }
  const format = NAMED_FORMATS[definitionOf(e) ?? ''];
  if (expected.includes('string') && typeof value === 'number' && format?.code === 'invalid-duration') {
    delete draft.withSource;
    draft.code = format.code;
    draft.message = `\`${where}\` must be ${format.what}; got ${describe(value, path)}`;
    draft.hint = `add the unit: ${written(path, `${String(value)}s`)}, or ms, m, h, d`;
  } else if (expected.includes('string') && typeof value === 'number') {
    // YAML read an unquoted number; the file may say more than the number (`1.10` is 1.1).
    const also = format?.code === 'invalid-semver' ? ' (a version has three parts: MAJOR.MINOR.PATCH)' : '';
    draft.hint = `quote it: ${written(path, `"${String(value)}"`)}${also}`;
    draft.withSource = {
      message: `\`${where}\` must be ${words}; got \`{source}\`, which YAML reads as the number ${String(value)}`,
      hint: `quote it: ${written(path, '"{source}"')}${also}`,
      unless: String(value),
    };
  } else if (expected.includes('string') && typeof value === 'boolean') {
    draft.hint = `quote it: ${written(path, `"${String(value)}"`)}`;
  } else if (
    (expected.includes('integer') || expected.includes('number')) &&
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    draft.hint = `remove the quotes: ${written(path, value.trim())}`;
  } else if (expected.includes('integer') && typeof value === 'number' && Number.isFinite(value)) {
    draft.hint = `use a whole number, e.g. ${written(path, String(Math.round(value)))}`;
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    draft.hint = "write an ordinary number: `.nan` and `.inf` are YAML's not-a-number and infinity";
  } else if (expected.includes('boolean') && typeof value === 'string' && YAML11_BOOLEAN.test(value.trim())) {
    draft.hint = `write ${written(path, YAML11_TRUE.test(value.trim()) ? 'true' : 'false')}: Slipway reads YAML 1.2, where yes/no/on/off are plain strings`;
  } else if (value === null || value === undefined) {
    draft.hint = `fill in a value after \`${String(path[path.length - 1] ?? '')}:\`, or remove the key (an empty value, \`~\` and \`null\` all mean null)`;
  } else if (expected.includes('array') && typeof value !== 'object') {
    draft.hint =
      typeof value === 'string' && secretOf(value, path) !== undefined
        ? 'write a list, and reference the secret instead of writing it (`secretRef`)'
        : `write a list: ${written(path, `[${String(value)}]`)}`;
  } else if (expected.includes('array')) {
    draft.hint = 'write a list: one entry per line, each starting with `- `';
  } else if (expected.includes('object')) {
    draft.hint = fields.length
      ? `write a mapping of its fields (${fields.join(', ')}), indented below the key`
      : 'write a mapping: `key: value` pairs indented below the key';
  }
  return draft;
}

/** Turns ajv errors into findings: one per offending node, deduplicated, most useful first. */
function toFindings(errors: readonly ErrorObject[], file: string, document: number): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  // A type error makes other errors on the same node noise (e.g. pattern on a number).
  const typed = new Set<string>();
  for (const e of errors) if (e.keyword === 'type') typed.add(e.instancePath);
  // An unknown key that is a misspelling of a missing required one is reported once, on the key.
  const misspelt = new Map<string, string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
    const match = closest(extra, known);
    if (match !== undefined) misspelt.set(`${e.instancePath}/${match}`, extra);
  }

  for (const e of errors) {
    const path = pathOf(e.instancePath);
    const where = shownPath(path);
    let finding: Draft;
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        if (misspelt.has(`${e.instancePath}/${missing}`)) continue;
        const property = (e.parentSchema as SchemaNode | undefined)?.properties?.[missing];
        const about = property?.enum
          ? ` (one of ${property.enum.map(String).join(', ')})`
          : property?.description
            ? ` (${property.description.replace(/\.$/, '')})`
            : '';
        finding = {
          code: 'schema-required',
          message: `missing required field \`${shownPath([...path, missing])}\``,
          hint: `add \`${missing}:\` ${path.length ? `under \`${where}\`` : 'at the top level of the document'}${about}`,
          path,
        };
        break;
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
        const suggestion = closest(extra, known);
        let hint: string;
        if (extra === '<<')
          hint = 'merge keys (`<<: *anchor`) are YAML 1.1; Slipway reads YAML 1.2, so write the fields out';
        else if (suggestion !== undefined)
          hint = `did you mean \`${suggestion}\`?${isMissingRequired(e, suggestion) ? ` (\`${suggestion}\` is required)` : ''}`;
        else
          hint = known.length
            ? `remove it; the fields here are ${known.join(', ')}`
            : 'remove it; this mapping takes no fields';
        finding = {
          code: 'schema-unknown-field',
          message: `unknown field \`${shownPath([...path, extra])}\`${extra.length > ECHO_LIMIT ? ` (a key of ${extra.length} characters)` : ''}`,
          hint,
          path: [...path, extra],
          at: 'key',
        };
        break;
      }
      case 'type':
        finding = typeFinding(e, path);
        break;
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        finding = {
          code: 'schema-enum',
          message: `\`${where}\` must be one of ${allowed.join(', ')}; got ${show(e.data, path)}`,
          path,
        };
        const suggestion = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
        if (suggestion !== undefined) finding.hint = `did you mean \`${suggestion}\`?`;
        break;
      }
      case 'const':
        finding = {
          code: 'schema-enum',
          message: `\`${where}\` must be \`${String((e.params as { allowedValue: unknown }).allowedValue)}\`; got ${show(e.data, path)}`,
          path,
        };
        break;
      case 'pattern':
      case 'format': {
        if (typed.has(e.instancePath)) continue;
        const named = NAMED_FORMATS[definitionOf(e) ?? (e.keyword === 'format' ? 'Timestamp' : '')];
        finding = named
          ? {
              code: named.code,
              message: `\`${where}\` must be ${named.what}; got ${show(e.data, path)}`,
              hint: named.hint,
              path,
            }
          : {
              code: 'schema-pattern',
              message: `\`${where}\` ${e.message ?? 'is not valid'}; got ${show(e.data, path)}`,
              path,
            };
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
          maxItems: `a list of at most ${limit} item${limit === 1 ? '' : 's'}`,
          minLength: `at least ${limit} character${limit === 1 ? '' : 's'}`,
          maxLength: `at most ${limit} character${limit === 1 ? '' : 's'}`,
        };
        const got = Array.isArray(e.data)
          ? `${e.data.length} item${e.data.length === 1 ? '' : 's'}`
          : show(e.data, path);
        finding = { code: 'schema-range', message: `\`${where}\` must be ${words[e.keyword]}; got ${got}`, path };
        break;
      }
      default:
        if (typed.has(e.instancePath)) continue;
        finding = { code: 'schema-invalid', message: `\`${where}\` ${e.message ?? 'is not valid'}`, path };
    }
    const key = `${finding.code}\0${e.instancePath}\0${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ severity: 'error', file, document, ...finding });
  }
  return out;
}

/** Whether `key` is required where the unknown field of `e` sits, and absent. */
function isMissingRequired(e: ErrorObject, key: string): boolean {
  const required = (e.parentSchema as { required?: string[] } | undefined)?.required ?? [];
  const data: unknown = e.data;
  return (
    required.includes(key) &&
    !(data !== null && typeof data === 'object' && Object.prototype.hasOwnProperty.call(data, key))
  );
}
