import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so equal data always gives equal text (and hash). Written as
 * loops over one growing string: plan hashes every resource of an environment, and the
 * map/filter/join version allocated several arrays per object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
  }
  return out + '}';
}

const texts = new WeakMap<object, string>();

/**
 * `canonicalJson`, remembered per object: plan hashes each desired body and apply then stores
 * the same body as text. Resource bodies are never changed once built, which this relies on.
 */
export function canonicalText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return canonicalJson(value);
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = canonicalJson(value)));
  return text;
}

/** `sha256:<hex>` of a text, e.g. of canonical JSON. */
export function textHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
  return textHash(canonicalText(value));
}
