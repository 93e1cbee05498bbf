import type { Contract } from '../kinds/index.js';
import type { PathSegment } from '../model/diagnostic.js';

/** One way a newer contract breaks callers of an older one. */
export interface BreakingChange {
  /** Which side of the contract. */
  side: 'input' | 'output';
  /** Path to the offending node inside the newer contract (or the older, for removals). */
  path: PathSegment[];
  /** What changed, in plain words, e.g. "output field `score` was removed". */
  message: string;
}

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON types a schema allows; undefined means any. `integer` is part of `number`. */
function typesOf(schema: Schema): Set<string> | undefined {
  const t = schema.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return undefined;
}

/** Whether every value of types `inner` is also of types `outer`. */
function typesWithin(inner: Set<string> | undefined, outer: Set<string> | undefined): boolean {
  if (!outer) return true;
  if (!inner) return false;
  for (const t of inner) if (!outer.has(t) && !(t === 'integer' && outer.has('number'))) return false;
  return true;
}

const showTypes = (t: Set<string> | undefined): string => (t ? [...t].join(' | ') : 'any');

function propertiesOf(schema: Schema): Record<string, unknown> {
  return isSchema(schema.properties) ? schema.properties : {};
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(
    Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : [],
  );
}

const fieldName = (path: readonly string[]): string => path.join('.');

/**
 * Compares two versions' contracts and lists what breaks a caller of `before` that is handed
 * `after`: a removed, retyped or no-longer-required output field; a new required input field;
 * an input type, enum or bound that accepts less than before; an output enum that yields more.
 * Pure and schema-shape tolerant: anything it does not understand is not a break.
 */
export function compareContracts(before: Contract | undefined, after: Contract | undefined): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (isSchema(before?.output) && isSchema(after?.output))
    compareOutput(before.output, after.output, ['output'], [], out);
  if (isSchema(before?.input) && isSchema(after?.input)) compareInput(before.input, after.input, ['input'], [], out);
  return out;
}

function compareOutput(before: Schema, after: Schema, at: PathSegment[], field: string[], out: BreakingChange[]): void {
  const name = fieldName(field);
  const bt = typesOf(before);
  const at_ = typesOf(after);
  if (field.length > 0 && !typesWithin(at_, bt)) {
    out.push({
      side: 'output',
      path: [...at, 'type'],
      message: `output field \`${name}\` changed type from ${showTypes(bt)} to ${showTypes(at_)}`,
    });
    return;
  }
  enumCheck(before, after, at, field, 'output', out);
  const bp = propertiesOf(before);
  const ap = propertiesOf(after);
  const bReq = requiredOf(before);
  const aReq = requiredOf(after);
  for (const key of Object.keys(bp)) {
    const sub = [...field, key];
    if (!Object.prototype.hasOwnProperty.call(ap, key)) {
      out.push({
        side: 'output',
        path: [...at, 'properties'],
        message: `output field \`${fieldName(sub)}\` was removed`,
      });
      continue;
    }
    if (bReq.has(key) && !aReq.has(key)) {
      out.push({
        side: 'output',
        path: [...at, 'required'],
        message: `output field \`${fieldName(sub)}\` is no longer required, so callers may not receive it`,
      });
    }
    const b = bp[key];
    const a = ap[key];
    if (isSchema(b) && isSchema(a)) compareOutput(b, a, [...at, 'properties', key], sub, out);
  }
}

function compareInput(before: Schema, after: Schema, at: PathSegment[], field: string[], out: BreakingChange[]): void {
  const name = fieldName(field);
  const bt = typesOf(before);
  const at_ = typesOf(after);
  if (field.length > 0 && !typesWithin(bt, at_)) {
    out.push({
      side: 'input',
      path: [...at, 'type'],
      message: `input field \`${name}\` narrowed its type from ${showTypes(bt)} to ${showTypes(at_)}`,
    });
    return;
  }
  enumCheck(before, after, at, field, 'input', out);
  boundCheck(before, after, at, field, out);
  const bp = propertiesOf(before);
  const ap = propertiesOf(after);
  const bReq = requiredOf(before);
  requiredIndexOf(after).forEach((key, i) => {
    if (bReq.has(key)) return;
    out.push({
      side: 'input',
      path: [...at, 'required', i],
      message: `input field \`${fieldName([...field, key])}\` is newly required; existing callers do not send it`,
    });
  });
  if (after.additionalProperties === false) {
    for (const key of Object.keys(bp)) {
      if (!Object.prototype.hasOwnProperty.call(ap, key)) {
        out.push({
          side: 'input',
          path: [...at, 'additionalProperties'],
          message: `input field \`${fieldName([...field, key])}\` was removed while additional fields are refused, so callers that send it fail`,
        });
      }
    }
  }
  for (const key of Object.keys(ap)) {
    const b = bp[key];
    const a = ap[key];
    if (isSchema(b) && isSchema(a)) compareInput(b, a, [...at, 'properties', key], [...field, key], out);
  }
}

function requiredIndexOf(schema: Schema): string[] {
  return Array.isArray(schema.required)
    ? schema.required
        .map((x) => (typeof x === 'string' ? x : ''))
        .filter((x, i, all) => x !== '' && all.indexOf(x) === i)
    : [];
}

function enumCheck(
  before: Schema,
  after: Schema,
  at: PathSegment[],
  field: string[],
  side: 'input' | 'output',
  out: BreakingChange[],
): void {
  const be = Array.isArray(before.enum) ? before.enum.map((v) => JSON.stringify(v)) : undefined;
  const ae = Array.isArray(after.enum) ? after.enum.map((v) => JSON.stringify(v)) : undefined;
  const what = field.length ? `${side} field \`${fieldName(field)}\`` : side;
  if (side === 'input') {
    // Callers may send any value `before` accepted; `after` must accept them all.
    if (!ae) return;
    const missing = be ? be.filter((v) => !ae.includes(v)) : ['(any value)'];
    if (missing.length)
      out.push({ side, path: [...at, 'enum'], message: `${what} no longer accepts ${missing.join(', ')}` });
  } else {
    // Callers handle the values `before` produced; `after` must not produce new ones.
    if (!be) return;
    const added = ae ? ae.filter((v) => !be.includes(v)) : ['(any value)'];
    if (added.length)
      out.push({
        side,
        path: ae ? [...at, 'enum'] : at,
        message: `${what} may now return ${added.join(', ')}, which callers do not expect`,
      });
  }
}

function boundCheck(before: Schema, after: Schema, at: PathSegment[], field: string[], out: BreakingChange[]): void {
  const what = field.length ? `input field \`${fieldName(field)}\`` : 'input';
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  for (const key of ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const) {
    const a = num(after[key]);
    const b = num(before[key]);
    if (a !== undefined && (b === undefined || a > b))
      out.push({
        side: 'input',
        path: [...at, key],
        message: `${what} narrowed \`${key}\` from ${b ?? 'none'} to ${a}`,
      });
  }
  for (const key of ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const) {
    const a = num(after[key]);
    const b = num(before[key]);
    if (a !== undefined && (b === undefined || a < b))
      out.push({
        side: 'input',
        path: [...at, key],
        message: `${what} narrowed \`${key}\` from ${b ?? 'none'} to ${a}`,
      });
  }
}
