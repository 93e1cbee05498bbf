import { ENV_SCOPED_KINDS, type Kind } from '../kinds/index.js';
import type { AnyDoc } from '../load/document.js';
import type { ResourceBody } from '../model/resource.js';
import { contentHash } from '../model/canonical.js';
import { envMapKey, type Config, type EnvConfig } from './config.js';

/** One resource an environment should have, as Slipway records it. */
export interface DesiredResource {
  kind: Kind;
  name: string;
  /** Repository-relative file that declares it. */
  file: string;
  body: ResourceBody;
  hash: string;
}

/** The kinds `apply` reconciles, in dependency order: what others refer to comes first. */
const RECONCILED_KINDS = ['Environment', ...ENV_SCOPED_KINDS] as const satisfies readonly Kind[];

const KIND_RANK = new Map<Kind, number>(RECONCILED_KINDS.map((k, i) => [k, i]));

/** Dependency rank of a kind (Environment first, Deployment last). */
export function kindRank(kind: Kind): number {
  return KIND_RANK.get(kind) ?? RECONCILED_KINDS.length;
}

/**
 * The desired resources of one environment: the Environment itself and everything declared under
 * its folder. A Deployment also carries the artifacts of the model versions it serves, resolved
 * from the Model registry, so a re-published artifact is a visible change.
 */
export function desiredState(config: Config, env: EnvConfig): DesiredResource[] {
  const artifacts = artifactIndex(config);
  const out: DesiredResource[] = [];
  if (env.environment) out.push(toDesired(env.environment));
  for (const kind of ENV_SCOPED_KINDS) {
    const docs = [...(env[envMapKey(kind)] as Map<string, AnyDoc>).values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const doc of docs) out.push(toDesired(doc, artifacts));
  }
  return out;
}

type ArtifactIndex = Map<string, Map<string, { uri: string; digest: string }>>;

function artifactIndex(config: Config): ArtifactIndex {
  const index: ArtifactIndex = new Map();
  for (const [name, doc] of config.models) {
    index.set(
      name,
      new Map(doc.resource.spec.versions.map((v) => [v.version, { uri: v.artifact.uri, digest: v.artifact.digest }])),
    );
  }
  return index;
}

function toDesired(doc: AnyDoc, artifacts?: ArtifactIndex): DesiredResource {
  const body: ResourceBody = { spec: doc.resource.spec };
  const { labels, annotations } = doc.resource.metadata;
  if ((labels && Object.keys(labels).length > 0) || (annotations && Object.keys(annotations).length > 0)) {
    body.metadata = {};
    if (labels && Object.keys(labels).length > 0) body.metadata.labels = labels;
    if (annotations && Object.keys(annotations).length > 0) body.metadata.annotations = annotations;
  }
  if (doc.kind === 'Deployment' && artifacts) {
    const versions = artifacts.get(doc.resource.spec.model);
    const resolved: Record<string, { uri: string; digest: string }> = {};
    for (const t of doc.resource.spec.traffic) {
      const artifact = versions?.get(t.version);
      if (artifact) resolved[t.version] = artifact;
    }
    if (Object.keys(resolved).length > 0) body.artifacts = resolved;
  }
  return { kind: doc.kind, name: doc.name, file: doc.file, body, hash: contentHash(body) };
}
