import gt from 'semver/functions/gt.js';
import valid from 'semver/functions/valid.js';
import type { TrafficSplit } from '../kinds/deployment.js';
import type { ModelVersion } from '../kinds/model.js';
import type { Kind } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import { percentOf } from '../history/timeline.js';
import type { PathSegment } from '../model/diagnostic.js';
import { emptyEnv, isRevoked, type Config } from '../world/config.js';
import type { Change, ChangeSource, StatusChange } from './changes.js';
import { diffValues, type FieldChange } from '../model/diff.js';

/** Versions that had all of a deployment's traffic at some time before, by `env/deployment`. */
export type PastTraffic = ReadonlyMap<string, ReadonlySet<string>>;

export const pastKey = (env: string, deployment: string): string => `${env}/${deployment}`;

/** Fields of a released version that may never change. */
const IMMUTABLE_FIELDS = ['artifact', 'contract', 'metrics'] as const;

const sourceOf = (doc: { file: string; index: number }): ChangeSource => ({ file: doc.file, document: doc.index });

/**
 * Every change between two configurations, per environment: pure over its inputs. `past` says
 * which versions were live at 100% before in each deployment, to tell a rollback from a
 * promotion: a move back is a rollback (exempt from soak, metric gates and freezes) only to such a
 * version, and never to one the head revokes.
 */
export function classifyChanges(base: Config, head: Config, past: PastTraffic = new Map()): Change[] {
  const changes: Change[] = [];

  policyPair(changes, 'Project', undefined, base.project, head.project);
  classifyModels(changes, base, head);

  const envNames = new Set([...base.environments.keys(), ...head.environments.keys()]);
  for (const env of envNames) {
    const b = base.environments.get(env) ?? emptyEnv(env);
    const h = head.environments.get(env) ?? emptyEnv(env);
    policyPair(changes, 'Environment', env, b.environment, h.environment);
    for (const name of union(b.accessPolicies, h.accessPolicies))
      policyPair(changes, 'AccessPolicy', env, b.accessPolicies.get(name), h.accessPolicies.get(name));
    for (const name of union(b.deployments, h.deployments))
      classifyDeployment(changes, env, b.deployments.get(name), h.deployments.get(name), {
        past: past.get(pastKey(env, name)),
        revoked: (model, version) => isRevoked(head, model, version),
      });
    for (const name of union(b.errorPolicies, h.errorPolicies))
      documentPair(changes, 'error-policy-change', env, b.errorPolicies.get(name), h.errorPolicies.get(name));
    for (const name of union(b.dataSources, h.dataSources))
      documentPair(changes, 'data-source-change', env, b.dataSources.get(name), h.dataSources.get(name));
    for (const name of union(b.consumers, h.consumers))
      documentPair(changes, 'consumer-change', env, b.consumers.get(name), h.consumers.get(name));
  }

  const order = head.project?.resource.spec.environments ?? base.project?.resource.spec.environments ?? [];
  const rank = (env: string | undefined): number =>
    env === undefined ? -1 : order.includes(env) ? order.indexOf(env) : order.length;
  // Stable sort: within an environment, the order above (policies first, then deployments...).
  return changes
    .map((c, i) => ({ c, i }))
    .sort((x, y) => rank(x.c.env) - rank(y.c.env) || x.i - y.i)
    .map((x) => x.c);
}

function union<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

type Action = 'added' | 'removed' | 'changed';

function compare<K extends Kind>(
  before: TypedDoc<K> | undefined,
  after: TypedDoc<K> | undefined,
): { action: Action; fields: FieldChange[]; doc: TypedDoc<K> } | undefined {
  const doc = after ?? before;
  if (!doc) return undefined;
  if (!before) return { action: 'added', fields: [], doc };
  if (!after) return { action: 'removed', fields: [], doc };
  const fields = diffValues(before.resource, after.resource, { arrays: 'whole' });
  return fields.length === 0 ? undefined : { action: 'changed', fields, doc };
}

function policyPair<K extends 'Project' | 'Environment' | 'AccessPolicy'>(
  out: Change[],
  kind: K,
  env: string | undefined,
  before: TypedDoc<K> | undefined,
  after: TypedDoc<K> | undefined,
): void {
  const diff = compare(before, after);
  if (!diff) return;
  out.push({
    type: 'policy-change',
    kind,
    name: diff.doc.name,
    action: diff.action,
    fields: diff.fields,
    source: sourceOf(diff.doc),
    ...(env === undefined ? {} : { env }),
  });
}

function documentPair<K extends 'ErrorPolicy' | 'DataSource' | 'Consumer'>(
  out: Change[],
  type: 'error-policy-change' | 'data-source-change' | 'consumer-change',
  env: string,
  before: TypedDoc<K> | undefined,
  after: TypedDoc<K> | undefined,
): void {
  const diff = compare(before, after);
  if (!diff) return;
  out.push({ type, env, name: diff.doc.name, action: diff.action, fields: diff.fields, source: sourceOf(diff.doc) });
}

function newer(a: string, b: string): boolean {
  return valid(a) !== null && valid(b) !== null ? gt(a, b) : a > b;
}

function classifyDeployment(
  out: Change[],
  env: string,
  before: TypedDoc<'Deployment'> | undefined,
  after: TypedDoc<'Deployment'> | undefined,
  history: { past: ReadonlySet<string> | undefined; revoked(model: string, version: string): boolean },
): void {
  if (!before && !after) return;
  if (!before) {
    const spec = after!.resource.spec;
    out.push({
      type: 'deployment-added',
      env,
      deployment: after!.name,
      model: spec.model,
      to: spec.traffic,
      source: sourceOf(after!),
    });
    return;
  }
  if (!after) {
    const spec = before.resource.spec;
    out.push({
      type: 'deployment-removed',
      env,
      deployment: before.name,
      model: spec.model,
      from: spec.traffic,
      source: sourceOf(before),
    });
    return;
  }
  const b = before.resource.spec;
  const h = after.resource.spec;
  const source = sourceOf(after);
  const sameModel = b.model === h.model;
  // Another model's traffic says nothing about this one's versions.
  const from: TrafficSplit[] = sameModel ? b.traffic : [];
  const past = sameModel ? (history.past ?? new Set<string>()) : new Set<string>();
  const returnsTo = (v: string): boolean => past.has(v) && !history.revoked(h.model, v);
  const versions = new Set([...from, ...h.traffic].map((t) => t.version));
  const gainers: string[] = [];
  const losers: string[] = [];
  for (const v of versions) {
    const delta = percentOf(h.traffic, v) - percentOf(from, v);
    if (delta > 0) gainers.push(v);
    else if (delta < 0) losers.push(v);
  }
  const newestLoser = losers.reduce<string | undefined>((m, v) => (m === undefined || newer(v, m) ? v : m), undefined);
  const move = { env, deployment: after.name, model: h.model, from: b.traffic, to: h.traffic, source };
  for (const version of gainers.sort((x, y) => (newer(x, y) ? -1 : newer(y, x) ? 1 : 0))) {
    const backwards = newestLoser !== undefined && newer(newestLoser, version);
    const had = percentOf(from, version);
    const full = percentOf(h.traffic, version) === 100;
    if (had === 0)
      out.push({
        ...move,
        version,
        type: returnsTo(version) && (backwards || newestLoser === undefined) ? 'rollback' : 'promotion',
      });
    else if (backwards)
      out.push({ ...move, version, type: !full ? 'traffic-change' : returnsTo(version) ? 'rollback' : 'full-rollout' });
    else out.push({ ...move, version, type: full ? 'full-rollout' : 'canary-step' });
  }
  if (gainers.length === 0 && !sameModel)
    out.push({ ...move, version: h.traffic[0]?.version ?? '', type: 'promotion' });

  const { traffic: _bt, ...bRest } = b;
  const { traffic: _ht, ...hRest } = h;
  const fields = [
    ...diffValues(bRest, hRest, { arrays: 'whole', at: ['spec'] }),
    ...diffValues(before.resource.metadata, after.resource.metadata, { arrays: 'whole', at: ['metadata'] }),
  ].filter((f) => f.path !== 'spec.model');
  if (fields.length > 0)
    out.push({ type: 'deployment-updated', env, deployment: after.name, model: h.model, fields, source });
}

function classifyModels(out: Change[], base: Config, head: Config): void {
  for (const name of union(base.models, head.models)) {
    const before = base.models.get(name);
    const after = head.models.get(name);
    const doc = after ?? before!;
    const source = sourceOf(doc);
    const beforeVersions = new Map((before?.resource.spec.versions ?? []).map((v) => [v.version, v]));
    const afterVersions = new Map((after?.resource.spec.versions ?? []).map((v, i) => [v.version, { v, i }]));
    const other: FieldChange[] = [];

    for (const [version, { v }] of afterVersions) {
      if (!beforeVersions.has(version))
        out.push({ type: 'model-version-added', model: name, version, status: v.status, source });
    }
    for (const [version, b] of beforeVersions) {
      const a = afterVersions.get(version);
      const released = b.status !== 'candidate';
      if (!a) {
        const removed: FieldChange = { path: `versions[${version}]`, before: b.version };
        if (released)
          out.push({
            type: 'released-version-mutated',
            model: name,
            version,
            status: b.status,
            fields: [removed],
            paths: [['spec', 'versions']],
            source,
          });
        else other.push(removed);
        continue;
      }
      const fields = diffValues(b, a.v, { arrays: 'whole', at: `versions[${version}]` });
      if (fields.length === 0) continue;
      const frozen = (f: FieldChange): boolean =>
        released && IMMUTABLE_FIELDS.some((k) => f.path.startsWith(`versions[${version}].${k}`));
      const mutated = fields.filter(frozen);
      other.push(...fields.filter((f) => !frozen(f)));
      if (mutated.length > 0) {
        const paths = mutated.map((f): PathSegment[] => ['spec', 'versions', a.i, ...fieldPath(a.v, version, f)]);
        out.push({
          type: 'released-version-mutated',
          model: name,
          version,
          status: b.status,
          fields: mutated,
          paths,
          source,
        });
      }
    }
    if (before && after) {
      const { versions: _bv, ...bSpec } = before.resource.spec;
      const { versions: _av, ...aSpec } = after.resource.spec;
      other.unshift(
        ...diffValues(bSpec, aSpec, { arrays: 'whole', at: ['spec'] }),
        ...diffValues(before.resource.metadata, after.resource.metadata, { arrays: 'whole', at: ['metadata'] }),
      );
    }
    if (!after && before) other.unshift({ path: 'model', before: name });
    const statuses: StatusChange[] = [];
    for (const [version, { v }] of afterVersions) {
      const from = beforeVersions.get(version)?.status;
      if (from !== undefined && from !== v.status) statuses.push({ version, from, to: v.status });
    }
    if (other.length > 0) out.push({ type: 'model-updated', model: name, fields: other, statuses, source });
  }
}

/** Where a changed immutable field is in the head's version (`artifact.digest`), or its nearest parent there. */
function fieldPath(after: ModelVersion, version: string, field: FieldChange): PathSegment[] {
  const [key, sub] = field.path.slice(`versions[${version}].`.length).split('.') as [
    (typeof IMMUTABLE_FIELDS)[number],
    string | undefined,
  ];
  const value = after[key];
  return sub !== undefined && value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, sub)
    ? [key, sub]
    : [key];
}
