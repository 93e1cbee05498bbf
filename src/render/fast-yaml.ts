/**
 * The YAML the `yaml` package writes (`stringify(value, {lineWidth: 0, minContentWidth: 0})`,
 * YAML 1.2 core schema) for the plain JSON data of a manifest, written directly: several times
 * faster, since no document tree is built. Only what it is sure to write byte for byte like the
 * package is written; for anything else (a multi-line string, a control character, an array in an
 * array, an unusual key...) it answers undefined, and the caller asks the package.
 * tests/render/fast-yaml.test.ts holds the two to the same bytes.
 */

/** Thrown (and caught by `fastYaml`) when a value is not one this writer is sure of. */
class Unsure extends Error {}

/** Scalars the core schema resolves to something else than a string: written quoted. */
const CORE_NON_STRING = [
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:~|[Nn]ull|NULL)?$/,
];
/** What a plain scalar may not be: the package's own test. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const SAFE_KEY = /^[A-Za-z_][-A-Za-z0-9_./]*$/;

function quoted(value: string): string {
  // The package prefers double quotes, and single ones for a string with only double quotes in it.
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

function scalar(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Unsure();
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  if (typeof value !== 'string') throw new Unsure();
  if (value.includes('\n') || CONTROL.test(value) || value.startsWith('---') || value.startsWith('...'))
    throw new Unsure();
  if (NOT_PLAIN.test(value) || CORE_NON_STRING.some((re) => re.test(value))) return quoted(value);
  return value;
}

function key(name: string): string {
  if (!SAFE_KEY.test(name) || CORE_NON_STRING.some((re) => re.test(name))) throw new Unsure();
  return name;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The pairs of a map at `indent`; the first one after `first` (a sequence item's `- `) when given. */
function writeMap(map: Record<string, unknown>, indent: string, out: string[], first?: string): void {
  let lead = first;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const prefix = `${lead ?? indent}${key(k)}:`;
    lead = undefined;
    if (isMap(v)) {
      if (Object.keys(v).length === 0) out.push(`${prefix} {}\n`);
      else {
        out.push(`${prefix}\n`);
        writeMap(v, `${indent}  `, out);
      }
    } else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${prefix} []\n`);
      else {
        out.push(`${prefix}\n`);
        writeSeq(v, `${indent}  `, out);
      }
    } else out.push(`${prefix} ${scalar(v)}\n`);
  }
  if (lead !== undefined) throw new Unsure();
}

function writeSeq(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    if (isMap(item)) {
      if (Object.keys(item).length === 0) out.push(`${indent}- {}\n`);
      else writeMap(item, `${indent}  `, out, `${indent}- `);
    } else if (Array.isArray(item)) throw new Unsure();
    else out.push(`${indent}- ${scalar(item)}\n`);
  }
}

/** One non-empty map as YAML, as the `yaml` package writes it; undefined when unsure. */
export function fastYaml(value: Record<string, unknown>): string | undefined {
  if (Object.keys(value).length === 0) return undefined;
  const out: string[] = [];
  try {
    writeMap(value, '', out);
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
  return out.join('');
}
