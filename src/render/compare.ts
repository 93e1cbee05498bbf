import jsYaml from 'js-yaml';
import { diffValues } from '../model/diff.js';
import { REVISION_ANNOTATION } from './meta.js';
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

/** The same object as if rendered from `revision`: the source stamp alone is not a change. */
function restamped(value: Record<string, unknown>, revision: string): Record<string, unknown> {
  const metadata = value.metadata as Record<string, unknown>;
  const annotations = metadata.annotations;
  if (!isRecord(annotations) || !(REVISION_ANNOTATION in annotations)) return value;
  return { ...value, metadata: { ...metadata, annotations: { ...annotations, [REVISION_ANNOTATION]: revision } } };
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
 * objects changes, object by object, ignoring the source-revision annotation. `rendered` is the
 * rendered YAML and `deployedRevision` the branch's drySha: when the branch's text is the
 * rendered text with that revision, nothing changes, and nothing needs parsing.
 */
export function diffManifest(
  before: string | null,
  deployedRevision: string | null,
  after: readonly K8sObject[],
  rendered: { yaml: string; revision: string },
): ManifestDiff {
  if (before !== null && deployedRevision !== null) {
    const same =
      deployedRevision === rendered.revision
        ? rendered.yaml
        : rendered.yaml.split(rendered.revision).join(deployedRevision);
    if (same === before) return { objects: [], unchanged: after.length };
  }
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
    const diff = diffValues(restamped(previous.value, rendered.revision), o);
    if (diff.length === 0) unchanged++;
    else objects.push({ action: 'change', ...base, diff });
  }
  for (const o of old.values())
    objects.push({ action: 'remove', kind: o.kind, name: o.name, namespace: o.namespace, diff: [] });
  return { objects: objects.sort(order), unchanged };
}
