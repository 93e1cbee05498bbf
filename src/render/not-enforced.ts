import type { TypedDoc } from '../load/document.js';
import type { EnvAccess } from './authorization.js';
import type { EnvConfig } from '../world/config.js';
import { errorPolicyOf } from './lookup.js';
import type { NotEnforced, NotEnforcedReason } from './types.js';

type Entry = [field: string, declared: boolean, reason: NotEnforcedReason];

/**
 * Declared fields of a deployment, its error policy, its data sources and its access rules that
 * no rendered object carries. (Secrets and mesh subjects are listed where they are rendered.)
 */
export function notEnforcedOf(env: EnvConfig, access: EnvAccess, deployment: TypedDoc<'Deployment'>): NotEnforced[] {
  const out: NotEnforced[] = [];
  const name = deployment.name;
  const spec = deployment.resource.spec;
  const batch = spec.mode === 'batch';
  const add = (kind: NotEnforced['kind'], doc: string, entries: Entry[]): void => {
    for (const [field, declared, reason] of entries)
      if (declared) out.push({ deployment: name, kind, name: doc, field, reason });
  };

  add('Deployment', name, [
    ['spec.slo', spec.slo !== undefined, 'no-counterpart'],
    // A realtime model's features come with each request; nothing wires its declared inputs.
    ['spec.inputs', !batch && (spec.inputs?.length ?? 0) > 0, 'no-counterpart'],
    ['spec.resources.replicas', batch && spec.resources?.replicas !== undefined, 'batch-mode'],
    ['spec.traffic', batch && spec.traffic.length > 1, 'split-by-job'],
  ]);

  const policy = errorPolicyOf(env, deployment);
  if (policy) {
    const p = policy.resource.spec;
    add('ErrorPolicy', policy.name, [
      // Istio retries back off on Envoy's fixed schedule; a Job on Kubernetes' own (10 s doubling).
      ['spec.retry.backoff', p.retry?.backoff !== undefined, batch ? 'batch-mode' : 'no-counterpart'],
      // backoffLimit retries every failure of a Job, whatever it was.
      ['spec.retry.on', batch && (p.retry?.on?.length ?? 0) > 0, 'batch-mode'],
      ['spec.circuitBreaker', batch && p.circuitBreaker !== undefined, 'batch-mode'],
      ['spec.circuitBreaker.errorRate', !batch && p.circuitBreaker !== undefined, 'approximated'],
      ['spec.fallback', p.fallback !== undefined && p.fallback.type !== 'none', 'no-counterpart'],
      ['spec.dataQuality', p.dataQuality !== undefined, 'no-counterpart'],
      ['spec.deadLetter', p.deadLetter !== undefined, 'no-counterpart'],
      ['spec.rollback', p.rollback?.automatic === true, 'no-counterpart'],
      ['spec.alerts', (p.alerts?.length ?? 0) > 0, 'no-counterpart'],
    ]);
  }

  const sources = [...(spec.inputs ?? []), ...(batch && spec.output ? [spec.output.dataSource] : [])];
  for (const sourceName of new Set(sources)) {
    const source = env.dataSources.get(sourceName)?.resource.spec;
    if (!source) continue;
    add('DataSource', sourceName, [
      ['spec.freshness', source.freshness !== undefined, 'data-check'],
      ['spec.quality', (source.quality?.length ?? 0) > 0, 'data-check'],
      ['spec.dedup', source.dedup !== undefined, 'data-check'],
      ['spec.refresh', source.refresh !== undefined, 'no-counterpart'],
    ]);
  }

  // Reading predictions or data is enforced by the store that holds them, not by the mesh.
  const resource = `deployment:${name}`;
  for (const { policy, index, rule } of access.index.reaching(resource)) {
    if (!rule.actions.includes('read-output')) continue;
    add('AccessPolicy', policy.name, [[`spec.rules[${index}]`, true, 'data-access']]);
  }
  return out;
}

/** By deployment, kind, name and field; each entry once. */
export function sortNotEnforced(entries: readonly NotEnforced[]): NotEnforced[] {
  const key = (e: NotEnforced): string => [e.deployment ?? '', e.kind, e.name, e.field, e.reason].join('\u0000');
  const unique = new Map(entries.map((e) => [key(e), e]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}
