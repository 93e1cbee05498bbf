import type { Contract } from '../kinds/index.js';
import type { PathSegment } from '../model/diagnostic.js';
import { previewJson } from '../model/echo.js';

/** One way a newer contract breaks callers of an older one. */
export interface BreakingChange {
  /** Which side of the contract. */
  side: 'input' | 'output';
  /** Path to the offending keyword inside the newer contract (or the older, for removals). */
  path: PathSegment[];
  /** What changed, in plain words, e.g. "output field `score` was removed". */
  message: string;
}

type Schema = Record<string, unknown>;
/** A JSON Schema or a boolean schema (`true` accepts anything, `false` nothing). */
type Node = Schema | boolean;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNode = (v: unknown): v is Node => typeof v === 'boolean' || isSchema(v);
const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Keywords that describe and never constrain, and containers read only through `$ref`. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'example',
  '$comment',
  'readOnly',
  'writeOnly',
  'deprecated',
  '$schema',
  '$id',
  'id',
  'definitions',
  '$defs',
  'contentMediaType',
  'contentEncoding',
]);

/** Each bound, the keyword that proves it from the same side, and which way is narrower. */
const LOWER = ['minimum', 'exclusiveMinimum'] as const;
const UPPER = ['maximum', 'exclusiveMaximum'] as const;
const COUNT_MIN = ['minLength', 'minItems', 'minProperties'] as const;
const COUNT_MAX = ['maxLength', 'maxItems', 'maxProperties'] as const;

/** The keywords this comparison proves itself; every other constraining keyword must be unchanged. */
const HANDLED = new Set<string>([
  'type',
  'enum',
  'const',
  ...LOWER,
  ...UPPER,
  ...COUNT_MIN,
  ...COUNT_MAX,
  'multipleOf',
  'pattern',
  'format',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'uniqueItems',
  'dependentRequired',
  'dependencies',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  '$ref',
]);

/**
 * Work allowed per comparison, on top of a few steps per node of the two contracts: nested
 * alternatives and recursive `$ref`s could otherwise cost exponential time. Beyond it, a break.
 */
const BUDGET = 20_000;
const TOO_COMPLEX = 'is too complex to compare, so Slipway cannot prove it compatible';
/** `$ref`s followed along one path; recursive schemas stop here. */
const MAX_REF_DEPTH = 16;

interface Ctx {
  side: 'input' | 'output';
  /** The roots `$ref`s resolve against: `sup` is the schema that must accept, `sub` the one whose values it must accept. */
  supRoot: Node;
  subRoot: Node;
  out: BreakingChange[];
  budget: { left: number };
  refs: number;
  /** Breaks to find before stopping: MAX_BREAKS, or 1 for a trial (`proves`). */
  limit: number;
  /** Pairs of definitions being proven (for recursive `$ref`s), with the depth they were met at. */
  assumed: Map<object, Map<object, number>>;
  /** Fields and items descended into: a recursion is only assumed to hold across one. */
  depth: number;
  /** Whether a `$ref` means the same in both contracts (computed once, when first needed). */
  refsAgree?: boolean;
}

/**
 * Compares two versions' contracts and lists what breaks a caller of `before` that is handed
 * `after`. Fails closed: for the input, every value `before` accepted must be proven accepted by
 * `after`; for the output, every value `after` may return must be proven allowed by `before`.
 * Whatever the comparison cannot prove (a keyword it does not know, a new `anyOf`, `not` or
 * `if/then`, a changed `pattern`, `$ref` or `items`) is a break, with the keyword and its path.
 *
 * Proven safe: a new optional input field (callers are assumed not to send undeclared fields with
 * a conflicting value), a wider input type, enum or bound, a narrower output type, enum or bound,
 * new output fields (unless the old output refused additional fields), unchanged keywords, and
 * keywords that only describe (`description`, `examples`). A malformed keyword (e.g. `required: x`)
 * is left to `invalid-contract-schema`.
 */
export function compareContracts(before: Contract | undefined, after: Contract | undefined): BreakingChange[] {
  const out: BreakingChange[] = [];
  const budget = { left: BUDGET + 4 * (size(before) + size(after)) };
  const b = before as Record<string, unknown> | undefined;
  const a = after as Record<string, unknown> | undefined;
  // Output: every value `after` returns must be one `before` promised.
  if (isNode(b?.output)) {
    if (!isNode(a?.output)) {
      if (constrains(b.output))
        out.push({
          side: 'output',
          path: ['output'],
          message: 'the output contract was removed, so callers cannot rely on anything',
        });
    } else {
      const ctx: Ctx = {
        side: 'output',
        supRoot: b.output,
        subRoot: a.output,
        out,
        budget,
        refs: 0,
        limit: MAX_BREAKS,
        assumed: rootPair(b.output, a.output),
        depth: 0,
      };
      within([a.output], b.output, ['output'], [], ctx);
    }
  }
  // Input: every value `before` accepted must be accepted by `after`. No input contract accepts anything.
  if (isNode(a?.input)) {
    const sub: Node = isNode(b?.input) ? b.input : true;
    const ctx: Ctx = {
      side: 'input',
      supRoot: a.input,
      subRoot: sub,
      out,
      budget,
      refs: 0,
      limit: MAX_BREAKS,
      assumed: rootPair(a.input, sub),
      depth: 0,
    };
    within([sub], a.input, ['input'], [], ctx);
  }
  // Past the budget every remaining node says so: one such finding is enough.
  const first = out.findIndex((b) => b.message === TOO_COMPLEX);
  return first === -1
    ? out
    : out
        .filter((b, i) => b.message !== TOO_COMPLEX || i === first)
        .map((b) => (b.message === TOO_COMPLEX ? { ...b, message: `the ${b.side} contract ${TOO_COMPLEX}` } : b));
}

/** The roots, being proven from the start: a `$ref: '#'` back to them is assumed to hold. */
function rootPair(sup: Node, sub: Node): Map<object, Map<object, number>> {
  const m = new Map<object, Map<object, number>>();
  if (typeof sup === 'object' && typeof sub === 'object') m.set(sup, new Map([[sub, 0]]));
  return m;
}

/** Objects and arrays in a value, counted up to a million. */
function size(value: unknown): number {
  let n = 0;
  const stack = [value];
  while (stack.length > 0 && n < 1_000_000) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    n++;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object') stack.push(child);
  }
  return n;
}

/** Whether a schema constrains anything at all. */
function constrains(node: Node): boolean {
  if (typeof node === 'boolean') return !node;
  return Object.keys(node).some((k) => !ANNOTATIONS.has(k));
}

// ---------------------------------------------------------------------------------------------
// The proof: within(subs, sup) shows that every value valid under all of `subs` (a conjunction)
// is valid under `sup`, one keyword of `sup` at a time. Each keyword of `sup` must be implied by a
// keyword of some conjunct. Keywords of `subs` that only narrow it further (`anyOf`, `not`, ...)
// are ignored: that proves the same for a larger set, which is sound.
// ---------------------------------------------------------------------------------------------

function within(subs: readonly Node[], sup: Node, at: PathSegment[], field: string[], c: Ctx): void {
  if (c.out.length >= c.limit) return;
  if (--c.budget.left < 0) {
    // Every call past the budget fails, so that no trial (`proves`) can pass for lack of work.
    report(c, at, TOO_COMPLEX);
    return;
  }
  if (sup === true) return;
  // The same schema on both sides: proven at once (the common case for unchanged fields).
  if (subs.some((s) => sameSchema(c, s, sup))) return;
  const conj = conjuncts(subs, c);
  if (conj.some((s) => s === false)) return; // nothing is valid under `subs`
  const schemas = conj.filter(isSchema);
  if (sup === false) {
    report(
      c,
      at,
      `${what(c, field)} ${c.side === 'input' ? 'now accepts nothing (`false`)' : 'may now return values `false` forbade'}`,
    );
    return;
  }
  if (enumerated(schemas, sup)) return;

  if (has(sup, '$ref')) refCheck(schemas, sup, at, field, c);
  if (!typeCheck(schemas, sup, at, field, c)) return;
  enumCheck(schemas, sup, at, field, c);
  constCheck(schemas, sup, at, field, c);
  boundChecks(schemas, sup, at, field, c);
  for (const key of ['multipleOf', 'pattern', 'format', 'uniqueItems'] as const)
    sameOrStronger(schemas, sup, key, at, field, c);
  requiredCheck(schemas, sup, at, field, c);
  dependentCheck(schemas, sup, at, field, c);
  propertiesCheck(schemas, sup, at, field, c);
  itemsCheck(schemas, sup, at, field, c);
  combinatorChecks(schemas, sup, at, field, c);
  for (const key of Object.keys(sup)) {
    if (HANDLED.has(key) || ANNOTATIONS.has(key)) continue;
    // A keyword this comparison does not know: proven only when written the same on both sides.
    if (!schemas.some((s) => has(s, key) && sameSchema(c, s[key], sup[key])))
      changed(c, [...at, key], field, key, sup[key], valueOf(schemas, key), 'Slipway cannot prove it compatible');
  }
}

/** `within` for a field or an item of the values: one level down into them. */
function inside(subs: readonly Node[], sup: Node, at: PathSegment[], field: string[], c: Ctx): void {
  c.depth++;
  within(subs, sup, at, field, c);
  c.depth--;
}

/** The conjuncts of `subs`: each schema, its `allOf` members and its local `$ref` targets, flattened. */
function conjuncts(subs: readonly Node[], c: Ctx): Node[] {
  const out: Node[] = [];
  const add = (node: Node, depth: number): void => {
    out.push(node);
    if (!isSchema(node) || depth > MAX_REF_DEPTH) return;
    if (Array.isArray(node.allOf)) for (const m of node.allOf) if (isNode(m)) add(m, depth + 1);
    if (typeof node.$ref === 'string') {
      const target = resolve(c.subRoot, node.$ref);
      // An unresolvable reference only narrows the set: leaving it out is sound.
      if (target !== undefined) add(target, depth + 1);
    }
  };
  for (const s of subs) add(s, 0);
  return out;
}

/** A local `$ref` (`#/definitions/x`, `#/$defs/x`, `#`), or undefined. */
function resolve(root: Node, ref: string): Node | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node) || !has(node, seg)) return undefined;
    node = node[seg];
  }
  return isNode(node) ? node : undefined;
}

/** Follows `sup`'s `$ref`: the same reference to the same definitions needs nothing more. */
function refCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  const ref = sup.$ref;
  if (typeof ref !== 'string') return;
  const target = resolve(c.supRoot, ref);
  // The same reference to the same definition (or to the same external schema).
  if (subs.some((s) => s.$ref === ref) && sameSchema(c, target, resolve(c.subRoot, ref))) return;
  if (target === undefined || c.refs >= MAX_REF_DEPTH) {
    changed(c, [...at, '$ref'], field, '$ref', ref, valueOf(subs, '$ref'), 'Slipway cannot prove it compatible');
    return;
  }
  // Recursive schemas: while proving a pair of definitions, meeting the same pair again is assumed
  // to hold (the proof is by induction on the values, which are finite).
  // Only across a field or an item, though: `a: {anyOf: [{$ref: a}, ...]}` says nothing by itself.
  const subRef = subs.find((s) => typeof s.$ref === 'string');
  const subTarget = (subRef && resolve(c.subRoot, subRef.$ref as string)) ?? subs[0];
  if (typeof target === 'object' && typeof subTarget === 'object') {
    let pairs = c.assumed.get(target);
    const since = pairs?.get(subTarget);
    if (since !== undefined && since < c.depth) return;
    if (since !== undefined) {
      changed(c, [...at, '$ref'], field, '$ref', ref, valueOf(subs, '$ref'), 'Slipway cannot prove it compatible');
      return;
    }
    if (!pairs) c.assumed.set(target, (pairs = new Map()));
    pairs.set(subTarget, c.depth);
    c.refs++;
    within(subs, target, [...at, '$ref'], field, c);
    c.refs--;
    pairs.delete(subTarget);
    return;
  }
  c.refs++;
  within(subs, target, [...at, '$ref'], field, c);
  c.refs--;
}

/** When the values of `subs` are a finite list (`enum`, `const`), checks each against `sup`. */
function enumerated(subs: Schema[], sup: Schema): boolean {
  let values: unknown[] | undefined;
  for (const s of subs) {
    const list = Array.isArray(s.enum) ? s.enum : has(s, 'const') ? [s.const] : undefined;
    if (list && (!values || list.length < values.length)) values = list;
  }
  if (!values || values.length > 1000) return false;
  return values.every((v) => accepts(sup, v) === true);
}

const ABOUT_CONTAINERS = new Set([
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'items',
  'additionalItems',
  'contains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependencies',
]);

/** Whether `schema` accepts the scalar `v`; undefined when this simple evaluator cannot tell. */
function accepts(schema: Schema, v: unknown): boolean | undefined {
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    const k = schema[key];
    switch (key) {
      case 'type': {
        const types = typesOf(schema);
        if (types && !types.has(jsonType(v)) && !(jsonType(v) === 'integer' && types.has('number'))) return false;
        break;
      }
      case 'enum':
        if (!Array.isArray(k) || !k.some((e) => same(e, v))) return false;
        break;
      case 'const':
        if (!same(k, v)) return false;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'multipleOf':
        if (typeof v !== 'number' || typeof k !== 'number') break;
        if (key === 'minimum' && !(v >= k)) return false;
        if (key === 'maximum' && !(v <= k)) return false;
        if (key === 'exclusiveMinimum' && !(v > k)) return false;
        if (key === 'exclusiveMaximum' && !(v < k)) return false;
        if (key === 'multipleOf' && !Number.isInteger(v / k)) return false;
        break;
      case 'minLength':
      case 'maxLength':
        if (typeof v !== 'string' || typeof k !== 'number') break;
        if (key === 'minLength' ? [...v].length < k : [...v].length > k) return false;
        break;
      default:
        // Keywords about objects and arrays say nothing about scalars; anything else is unknown.
        if ((typeof v === 'object' && v !== null) || !ABOUT_CONTAINERS.has(key)) return undefined;
    }
  }
  return true;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

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

/** The types a conjunct allows: its `type`, or the types of its `enum` or `const` values. */
function typesOfValues(schema: Schema): Set<string> | undefined {
  const declared = typesOf(schema);
  if (declared) return declared;
  const values = Array.isArray(schema.enum) ? schema.enum : has(schema, 'const') ? [schema.const] : undefined;
  return values && new Set(values.map(jsonType));
}

function typeCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): boolean {
  const outer = typesOf(sup);
  if (!outer) return true;
  const inners = subs.map(typesOfValues).filter((t): t is Set<string> => t !== undefined);
  if (inners.some((t) => typesWithin(t, outer))) return true;
  const inner = inners[0];
  const [before, after] = c.side === 'input' ? [inner, outer] : [outer, inner];
  report(
    c,
    [...at, 'type'],
    c.side === 'input'
      ? `${what(c, field)} narrowed its type from ${showTypes(before)} to ${showTypes(after)}`
      : `${what(c, field)} changed type from ${showTypes(before)} to ${showTypes(after)}`,
  );
  return false;
}

function enumCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  if (!Array.isArray(sup.enum)) return;
  const allowed = sup.enum;
  // The narrowest enum of the conjuncts: the values callers may send (input) or may receive (output).
  let values: unknown[] | undefined;
  for (const s of subs) if (Array.isArray(s.enum) && (!values || s.enum.length < values.length)) values = s.enum;
  const extra = values
    ? values.filter((v) => !allowed.some((a) => same(a, v))).map((v) => JSON.stringify(v))
    : ['(any value)'];
  if (extra.length === 0) return;
  if (c.side === 'input') report(c, [...at, 'enum'], `${what(c, field)} no longer accepts ${extra.join(', ')}`);
  else
    report(
      c,
      values ? [...at, 'enum'] : at,
      `${what(c, field)} may now return ${extra.join(', ')}, which callers do not expect`,
    );
}

function constCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  if (!has(sup, 'const')) return;
  const proven = subs.some(
    (s) =>
      (has(s, 'const') && same(s.const, sup.const)) ||
      (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => same(v, sup.const))),
  );
  if (!proven) changed(c, [...at, 'const'], field, 'const', sup.const, valueOf(subs, 'const'));
}

function boundChecks(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  // A lower bound of `sup` holds when some conjunct has a bound at least as high (and as strict).
  for (const key of LOWER) {
    const bound = num(sup[key]);
    if (bound === undefined) continue;
    const ok = subs.some((s) => {
      const min = num(s.minimum);
      const ex = num(s.exclusiveMinimum);
      return key === 'minimum'
        ? (min !== undefined && min >= bound) || (ex !== undefined && ex >= bound)
        : (ex !== undefined && ex >= bound) || (min !== undefined && min > bound);
    });
    if (!ok) bounded(c, [...at, key], field, key, bound, strongest(subs, key, 'max'));
  }
  for (const key of UPPER) {
    const bound = num(sup[key]);
    if (bound === undefined) continue;
    const ok = subs.some((s) => {
      const max = num(s.maximum);
      const ex = num(s.exclusiveMaximum);
      return key === 'maximum'
        ? (max !== undefined && max <= bound) || (ex !== undefined && ex <= bound)
        : (ex !== undefined && ex <= bound) || (max !== undefined && max < bound);
    });
    if (!ok) bounded(c, [...at, key], field, key, bound, strongest(subs, key, 'min'));
  }
  for (const key of COUNT_MIN) {
    const bound = num(sup[key]);
    if (bound === undefined || bound <= 0) continue;
    const ok = subs.some(
      (s) => (num(s[key]) ?? -1) >= bound || (key === 'minProperties' && requiredOf(s).size >= bound),
    );
    if (!ok) bounded(c, [...at, key], field, key, bound, strongest(subs, key, 'max'));
  }
  for (const key of COUNT_MAX) {
    const bound = num(sup[key]);
    if (bound === undefined) continue;
    const ok = subs.some(
      (s) =>
        (num(s[key]) ?? Infinity) <= bound ||
        (key === 'maxProperties' &&
          s.additionalProperties === false &&
          !isSchema(s.patternProperties) &&
          Object.keys(propertiesOf(s)).length <= bound),
    );
    if (!ok) bounded(c, [...at, key], field, key, bound, strongest(subs, key, 'min'));
  }
}

/** The conjuncts' tightest value of `key`, to show what it was (or is). */
function strongest(subs: Schema[], key: string, pick: 'min' | 'max'): number | undefined {
  const values = subs.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
  if (values.length === 0) return undefined;
  let best = values[0]!;
  for (const v of values) best = pick === 'max' ? Math.max(best, v) : Math.min(best, v);
  return best;
}

/** `multipleOf`, `pattern`, `format`, `uniqueItems`: proven by the same keyword (or a stronger one). */
function sameOrStronger(
  subs: Schema[],
  sup: Schema,
  key: 'multipleOf' | 'pattern' | 'format' | 'uniqueItems',
  at: PathSegment[],
  field: string[],
  c: Ctx,
): void {
  if (!has(sup, key)) return;
  const want = sup[key];
  if (key === 'uniqueItems' && want !== true) return;
  const ok = subs.some((s) => {
    if (key === 'multipleOf')
      return typeof s.multipleOf === 'number' && typeof want === 'number' && Number.isInteger(s.multipleOf / want);
    if (key === 'uniqueItems') return s.uniqueItems === true || (typeof s.maxItems === 'number' && s.maxItems <= 1);
    return same(s[key], want);
  });
  if (!ok) changed(c, [...at, key], field, key, want, valueOf(subs, key));
}

function requiredOf(schema: Schema): Set<string> {
  return new Set(
    Array.isArray(schema.required) ? schema.required.filter((x): x is string => typeof x === 'string') : [],
  );
}

function propertiesOf(schema: Schema): Record<string, unknown> {
  return isSchema(schema.properties) ? schema.properties : {};
}

function requiredCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  if (!Array.isArray(sup.required)) return;
  const required = new Set<string>();
  for (const s of subs) for (const k of requiredOf(s)) required.add(k);
  const seen = new Set<string>();
  sup.required.forEach((key, i) => {
    if (typeof key !== 'string' || seen.has(key) || required.has(key)) return;
    seen.add(key);
    if (c.side === 'input')
      report(
        c,
        [...at, 'required', i],
        `input field \`${fieldName([...field, key])}\` is newly required; existing callers do not send it`,
      );
    // A removed field is reported as removed (propertiesCheck), not also as no longer required.
    else if (subs.some((s) => has(propertiesOf(s), key)) || !has(propertiesOf(sup), key))
      report(
        c,
        [...at, 'required'],
        `output field \`${fieldName([...field, key])}\` is no longer required, so callers may not receive it`,
      );
  });
}

/** `dependentRequired` and `dependencies`: each field a sent field now drags along must have been required with it. */
function dependentCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  for (const keyword of ['dependentRequired', 'dependencies'] as const) {
    const deps = sup[keyword];
    if (!isSchema(deps)) continue;
    for (const [trigger, need] of Object.entries(deps)) {
      if (Array.isArray(need)) {
        const missing = need.filter(
          (n): n is string =>
            typeof n === 'string' &&
            !subs.some((s) => {
              if (requiredOf(s).has(n)) return true;
              for (const kw of ['dependentRequired', 'dependencies'] as const) {
                const d = s[kw];
                if (isSchema(d) && Array.isArray(d[trigger]) && (d[trigger] as unknown[]).includes(n)) return true;
              }
              return false;
            }),
        );
        if (missing.length > 0)
          report(
            c,
            [...at, keyword, trigger],
            c.side === 'input'
              ? `input field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${fieldName([...field, m])}\``).join(', ')} ${missing.length > 1 ? 'are' : 'is'} newly required when \`${fieldName([...field, trigger])}\` is sent (\`${keyword}\`); existing callers do not send ${missing.length > 1 ? 'them' : 'it'}`
              : `output field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `\`${fieldName([...field, m])}\``).join(', ')} may now be missing when \`${fieldName([...field, trigger])}\` is returned (\`${keyword}\`)`,
          );
      } else if (
        isNode(need) &&
        !subs.some((s) => isSchema(s[keyword]) && sameSchema(c, (s[keyword] as Schema)[trigger], need))
      ) {
        changed(
          c,
          [...at, keyword, trigger],
          field,
          `${keyword}.${trigger}`,
          need,
          undefined,
          'Slipway cannot prove it compatible',
        );
      }
    }
  }
}

/** The schema a conjunct gives to its field `key`: declared, matched by a pattern, or additional. */
function fieldSchema(s: Schema, key: string): Node | 'undeclared' {
  const props = propertiesOf(s);
  if (has(props, key) && isNode(props[key])) return props[key];
  if (isSchema(s.patternProperties) && Object.keys(s.patternProperties).length > 0) return true; // unknown: any
  if (s.additionalProperties === false) return false;
  return 'undeclared';
}

function propertiesCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  const supProps = propertiesOf(sup);
  for (const key of Object.keys(supProps)) {
    const target = supProps[key];
    if (!isNode(target)) continue;
    const sub = [...field, key];
    const given = subs.map((s) => fieldSchema(s, key));
    if (given.includes(false)) continue; // the field can never be present
    const declared = given.filter((g): g is Node => g !== 'undeclared');
    if (declared.length === 0) {
      if (c.side === 'output') {
        report(c, [...at, 'properties'], `output field \`${fieldName(sub)}\` was removed`);
        continue;
      }
      // A new optional input field: callers of `before` do not send it.
      continue;
    }
    inside(declared, target, [...at, 'properties', key], sub, c);
  }
  additionalCheck(subs, sup, at, field, c);
}

/** `additionalProperties` (and `patternProperties`, `propertyNames`) of `sup`: fields beyond the declared ones. */
function additionalCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  for (const key of ['patternProperties', 'propertyNames'] as const) {
    if (has(sup, key) && !subs.some((s) => sameSchema(c, s[key], sup[key])))
      changed(c, [...at, key], field, key, sup[key], valueOf(subs, key), 'Slipway cannot prove it compatible');
  }
  const extra = sup.additionalProperties;
  if (extra === undefined || extra === true || !isNode(extra)) return;
  const supKeys = new Set(Object.keys(propertiesOf(sup)));
  const closed = subs.find((s) => s.additionalProperties === false && !isSchema(s.patternProperties));
  if (extra === false) {
    if (!closed) {
      report(
        c,
        [...at, 'additionalProperties'],
        c.side === 'input'
          ? `${what(c, field)} now refuses fields it does not declare (\`additionalProperties: false\`), which callers may send`
          : `${what(c, field)} may now return fields the previous contract refused (\`additionalProperties\` dropped)`,
      );
      return;
    }
    for (const key of Object.keys(propertiesOf(closed))) {
      if (supKeys.has(key)) continue;
      report(
        c,
        [...at, 'additionalProperties'],
        c.side === 'input'
          ? `input field \`${fieldName([...field, key])}\` was removed while additional fields are refused, so callers that send it fail`
          : `output field \`${fieldName([...field, key])}\` is new, and the previous contract refused additional fields`,
      );
    }
    return;
  }
  // A schema for additional fields: every field of `subs` beyond `sup`'s declared ones must satisfy it.
  if (!closed) {
    const open = subs.map((s) => s.additionalProperties).filter((x): x is Node => isNode(x) && x !== true);
    inside(open.length ? open : [true], extra, [...at, 'additionalProperties'], [...field, '*'], c);
  }
  for (const s of closed ? [closed] : subs)
    for (const [key, value] of Object.entries(propertiesOf(s)))
      if (!supKeys.has(key) && isNode(value))
        inside([value], extra, [...at, 'additionalProperties'], [...field, key], c);
}

function itemsCheck(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  for (const key of ['additionalItems', 'contains'] as const)
    if (has(sup, key) && !subs.some((s) => sameSchema(c, s[key], sup[key])))
      changed(c, [...at, key], field, key, sup[key], valueOf(subs, key), 'Slipway cannot prove it compatible');
  if (!has(sup, 'items')) return;
  const items = sup.items;
  if (Array.isArray(items)) {
    if (!subs.some((s) => sameSchema(c, s.items, items)))
      changed(c, [...at, 'items'], field, 'items', items, valueOf(subs, 'items'), 'Slipway cannot prove it compatible');
    return;
  }
  if (!isNode(items)) return;
  const given = subs.map((s) => s.items).filter(isNode);
  if (given.length === 0 && subs.some((s) => s.maxItems === 0)) return;
  inside(
    given.length ? given : [true],
    items,
    [...at, 'items'],
    [...field.slice(0, -1), `${field[field.length - 1] ?? ''}[]`],
    c,
  );
}

/** `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else` of `sup`. */
function combinatorChecks(subs: Schema[], sup: Schema, at: PathSegment[], field: string[], c: Ctx): void {
  if (Array.isArray(sup.allOf))
    sup.allOf.forEach((member, i) => {
      if (isNode(member)) within(subs, member, [...at, 'allOf', i], field, c);
    });
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = sup[key];
    if (!Array.isArray(list)) continue;
    if (subs.some((s) => sameSchema(c, s[key], list))) continue;
    // anyOf: one alternative that accepts everything is proof enough, or, when `subs` are
    // alternatives themselves, one for each of theirs. oneOf needs the same list.
    if (key === 'anyOf' && anyOfProven(subs, list, c)) continue;
    changed(c, [...at, key], field, key, list, valueOf(subs, key), 'Slipway cannot prove it compatible');
  }
  if (has(sup, 'not') && !subs.some((s) => sameSchema(c, s.not, sup.not)))
    changed(c, [...at, 'not'], field, 'not', sup.not, valueOf(subs, 'not'), 'Slipway cannot prove it compatible');
  if (has(sup, 'if') || has(sup, 'then') || has(sup, 'else')) {
    const same3 = subs.some(
      (s) => sameSchema(c, s.if, sup.if) && sameSchema(c, s.then, sup.then) && sameSchema(c, s.else, sup.else),
    );
    if (same3 || !has(sup, 'if')) return; // without `if`, `then` and `else` do nothing
    // Whichever branch applies, the values must pass it: proving both is enough.
    for (const key of ['then', 'else'] as const) {
      const branch = sup[key];
      if (isNode(branch) && !proves(subs, branch, c))
        changed(c, [...at, key], field, `if/${key}`, branch, valueOf(subs, key), 'Slipway cannot prove it compatible');
    }
  }
}

function anyOfProven(subs: Schema[], list: unknown[], c: Ctx): boolean {
  const members = list.filter(isNode);
  if (members.some((m) => proves(subs, m, c))) return true;
  // A value of `subs` matches one of their own alternatives: each must fit some member of `list`.
  return subs.some((s) => {
    const own = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
    return (
      own !== undefined &&
      own.length > 0 &&
      own.every((alt) => isNode(alt) && members.some((m) => proves([...subs, alt], m, c)))
    );
  });
}

/** Whether `within(subs, sup)` holds, without reporting. */
function proves(subs: readonly Node[], sup: Node, c: Ctx): boolean {
  const trial: Ctx = { ...c, out: [], limit: 1 };
  within(subs, sup, [], [], trial);
  return trial.out.length === 0;
}

// ---------------------------------------------------------------------------------------------

/** Breaks worth listing for one pair of versions; past them the comparison stops. */
const MAX_BREAKS = 50;

function report(c: Ctx, path: PathSegment[], message: string): void {
  if (c.out.length < c.limit) c.out.push({ side: c.side, path, message });
}

const fieldName = (path: readonly string[]): string => path.join('.').replace(/\.\[\]/g, '[]');
const what = (c: Ctx, field: string[]): string => (field.length ? `${c.side} field \`${fieldName(field)}\`` : c.side);

/** Some conjunct's value of `key`, to show what it was. */
function valueOf(subs: Schema[], key: string): unknown {
  return subs.find((s) => has(s, key))?.[key];
}

/** A bound `sup` sets that no conjunct proves: narrowed (input) or widened or dropped (output). */
function bounded(
  c: Ctx,
  path: PathSegment[],
  field: string[],
  key: string,
  supValue: number,
  subValue: number | undefined,
): void {
  const [before, after] = c.side === 'input' ? [subValue, supValue] : [supValue, subValue];
  report(
    c,
    path,
    `${what(c, field)} ${c.side === 'input' ? 'narrowed' : 'widened'} \`${key}\` from ${before ?? 'none'} to ${after ?? 'none'}`,
  );
}

/** A keyword of `sup` that no conjunct proves: shown as it was before and after. */
function changed(
  c: Ctx,
  path: PathSegment[],
  field: string[],
  key: string,
  supValue: unknown,
  subValue: unknown,
  why?: string,
): void {
  const [before, after] = c.side === 'input' ? [subValue, supValue] : [supValue, subValue];
  const effect =
    c.side === 'input' ? 'which may refuse what callers send' : 'which may return what callers do not expect';
  report(
    c,
    path,
    `${what(c, field)} changed \`${key}\` from ${show(before)} to ${show(after)}, ${effect}${why ? ` (${why})` : ''}`,
  );
}

function show(v: unknown): string {
  if (v === undefined) return 'none';
  return `\`${previewJson(v)}\``;
}

/**
 * Whether two subschemas are the same constraint. Written alike is not enough when they hold a
 * `$ref` whose target may differ between the two contracts: then only when every reference of both
 * points into `definitions` or `$defs`, and those are the same.
 */
function sameSchema(c: Ctx, a: unknown, b: unknown): boolean {
  return same(a, b, (c.refsAgree ??= refsAgree(c.supRoot, c.subRoot)));
}

function refsAgree(a: Node, b: Node): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return true;
  if (!same(a.definitions, b.definitions) || !same(a.$defs, b.$defs)) return false;
  const stack: unknown[] = [a, b];
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen > SAME_LIMIT) return false;
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (!Array.isArray(v)) {
      const ref = (v as Schema).$ref;
      if (ref !== undefined && (typeof ref !== 'string' || !/^#\/(definitions|\$defs)\//.test(ref))) return false;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object') stack.push(child);
  }
  return true;
}

/** Nodes one equality check may visit: aliases can make a small file a large tree. Beyond it, unproven. */
const SAME_LIMIT = 100_000;

/** Deep equality of JSON values, key order aside; false when too large to tell (fail closed). */
function same(a: unknown, b: unknown, refs = true): boolean {
  let left = SAME_LIMIT;
  const eq = (x: unknown, y: unknown): boolean => {
    if (x === y && (refs || typeof x !== 'object')) return true;
    if (--left < 0) return false;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      return x.length === ya.length && x.every((v, i) => eq(v, ya[i]));
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = Object.keys(xo);
    if (keys.length !== Object.keys(yo).length) return false;
    if (!refs && has(xo, '$ref')) return false;
    return keys.every((k) => has(yo, k) && eq(xo[k], yo[k]));
  };
  return eq(a, b);
}
