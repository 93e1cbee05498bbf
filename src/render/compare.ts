import jsYaml from 'js-yaml';
import { diffValues } from '../model/diff.js';
import type { K8sObject, ObjectChange } from './types.js';

/** A manifest's object as read back from a branch: whatever it holds, keyed by kind, namespace and name. */
interface ReadObject {
  kind: string;
  name: string;
  namespace: string;
  value: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readObject(value: unknown): ReadObject | undefined {
  if (!isRecord(value) || typeof value.kind !== 'string' || !isRecord(value.metadata)) return undefined;
  const { name, namespace } = value.metadata;
  if (typeof name !== 'string') return undefined;
  return { kind: value.kind, name, namespace: typeof namespace === 'string' ? namespace : '', value };
}

/**
 * The objects of a `manifest.yaml` read from a deploy branch (YAML 1.2 core schema, as written).
 * A document that is not an object with a kind and a name is skipped: it cannot be matched.
 */
function parseManifest(text: string): ReadObject[] {
  const out: ReadObject[] = [];
  for (const doc of jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA })) {
    const o = readObject(doc);
    if (o) out.push(o);
  }
  return out;
}

/** The `drySha` of a branch's `hydrator.metadata`, when it has a readable one. */
export function drySha(metadata: string | null): string | null {
  if (metadata === null) return null;
  try {
    const data = JSON.parse(metadata) as unknown;
    return isRecord(data) && typeof data.drySha === 'string' ? data.drySha : null;
  } catch {
    return null;
  }
}

const order = (a: ObjectChange, b: ObjectChange): number =>
  a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

export interface ManifestDiff {
  /** Added, changed and removed objects, by kind then name. */
  objects: ObjectChange[];
  unchanged: number;
}

/**
 * What replacing a branch's `manifest.yaml` (`before`, null when absent) with the rendered
 * objects changes, object by object. Compared as data (the YAML is parsed, not re-rendered):
 * the same objects written differently are the same.
 */
export function diffManifest(before: string | null, after: readonly K8sObject[]): ManifestDiff {
  const key = (kind: string, namespace: string, name: string): string => `${kind}\u0000${namespace}\u0000${name}`;
  const old = new Map<string, ReadObject>();
  for (const o of before === null ? [] : parseManifest(before)) old.set(key(o.kind, o.namespace, o.name), o);
  const objects: ObjectChange[] = [];
  let unchanged = 0;
  for (const o of after) {
    const k = key(o.kind, o.metadata.namespace, o.metadata.name);
    const previous = old.get(k);
    old.delete(k);
    const base = { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace };
    if (!previous) {
      objects.push({ action: 'add', ...base, diff: [] });
      continue;
    }
    const diff = diffValues(previous.value, o);
    if (diff.length === 0) unchanged++;
    else objects.push({ action: 'change', ...base, diff });
  }
  for (const o of old.values())
    objects.push({ action: 'remove', kind: o.kind, name: o.name, namespace: o.namespace, diff: [] });
  return { objects: objects.sort(order), unchanged };
}
