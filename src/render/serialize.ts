import { stringify } from 'yaml';
import { fastYaml } from './fast-yaml.js';
import type { K8sObject, NotEnforced } from './types.js';

/** Keys that read first in a manifest; every other key follows in code-point order. */
const FIRST = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function rank(key: string): number {
  const i = FIRST.indexOf(key);
  return i === -1 ? FIRST.length : i;
}

/** A copy with every object's keys in the one stable order, so equal data is always equal bytes. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = ordered(v);
  }
  return out;
}

/** Every object as one multi-document YAML stream (`---` before each document). */
export function toYaml(objects: readonly K8sObject[]): string {
  // lineWidth 0: long values (URIs, digests, JSON) stay on one line, whatever their length.
  return objects
    .map((o) => {
      const data = ordered(o) as Record<string, unknown>;
      return `---\n${fastYaml(data) ?? stringify(data, { lineWidth: 0, minContentWidth: 0 })}`;
    })
    .join('');
}

/**
 * Every object as a Kubernetes `List`, keys in the manifest's order; with `notEnforced`, the list
 * of what the target does not enforce rides along (kubectl reads only `items`).
 */
export function toJsonList(objects: readonly K8sObject[], notEnforced?: readonly NotEnforced[]): unknown {
  return ordered({ apiVersion: 'v1', kind: 'List', items: objects, notEnforced });
}

/** Every object as a Kubernetes `List`, indented JSON ending with a newline. */
export function toJson(objects: readonly K8sObject[]): string {
  return `${JSON.stringify(toJsonList(objects), null, 2)}\n`;
}
