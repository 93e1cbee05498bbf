import type { DataSourceSpec } from '../kinds/index.js';
import type { Config, EnvConfig } from '../world/config.js';
import { envOf } from './query.js';
import { grantees, type Grantee } from './who-can.js';

/** A consumer declared to use a deployment that reads personal data. */
interface PiiConsumer {
  consumer: string;
  subject: string;
  /** `invoke` for a realtime deployment, `read-output` for a batch one. */
  action: 'invoke' | 'read-output';
  /** Whether the access rules let it (validate reports it when not). */
  allowed: boolean;
}

/** Where a deployment writes what it computed from personal data. */
export interface PiiSink {
  dataSource: string;
  /** `output`: a batch deployment's predictions; `dead-letter`: failed requests or rows, through its error policy. */
  via: { kind: 'output' } | { kind: 'dead-letter'; errorPolicy: string };
  /** Whether the sink is itself classified `pii` (else the classification understates what it holds). */
  classifiedPii: boolean;
  /** Subjects allowed `read-data` on the sink. */
  readData: Grantee[];
  /** Deployments that read the sink as an input. */
  inputOf: string[];
}

/** A deployment reading a personal-data source, and every way its results leave it. */
export interface PiiDeploymentPath {
  deployment: string;
  file: string;
  mode: 'realtime' | 'batch';
  consumers: PiiConsumer[];
  /** Subjects allowed `invoke` (realtime) on the deployment. */
  invoke: Grantee[];
  /** Subjects allowed `read-output` on the deployment. */
  readOutput: Grantee[];
  sinks: PiiSink[];
}

/** A source of personal data: classified `pii`, or with columns marked `pii: true`. */
export interface PiiSource {
  dataSource: string;
  file: string;
  classification: DataSourceSpec['classification'];
  /** Columns marked `pii: true`, in schema order. */
  piiColumns: string[];
  /** Subjects allowed `read-data` on the source itself. */
  readData: Grantee[];
  /** Deployments that read it (`inputs`), by name. */
  deployments: PiiDeploymentPath[];
}

export interface PiiReport {
  env: string;
  /** By data source name. */
  sources: PiiSource[];
}

const byName =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * Every path by which personal data leaves its source in `env`: the source itself (`read-data`),
 * the deployments that read it, who may invoke them or read their output (and the consumers
 * declared to), and the data sources they write to (batch output, error policy dead letter).
 * Sorted by name at every level, so the same configuration always gives the same report.
 */
export function piiPaths(config: Config, env: string): PiiReport {
  const e = envOf(config, env);
  const sources: PiiSource[] = [];
  for (const ds of e.dataSources.values()) {
    const spec = ds.resource.spec;
    const piiColumns = (spec.schema?.columns ?? []).filter((c) => c.pii === true).map((c) => c.name);
    if (spec.classification !== 'pii' && piiColumns.length === 0) continue;
    const deployments = [...e.deployments.values()]
      .filter((d) => d.resource.spec.inputs?.includes(ds.name))
      .map((d) => deploymentPath(config, e, d.name))
      .sort(byName((p) => p.deployment));
    sources.push({
      dataSource: ds.name,
      file: ds.file,
      classification: spec.classification,
      piiColumns,
      readData: grantees(config, e, 'read-data', `datasource:${ds.name}`),
      deployments,
    });
  }
  return { env: e.name, sources: sources.sort(byName((s) => s.dataSource)) };
}

function deploymentPath(config: Config, env: EnvConfig, name: string): PiiDeploymentPath {
  const dep = env.deployments.get(name)!;
  const spec = dep.resource.spec;
  const resource = `deployment:${name}`;
  const action = spec.mode === 'realtime' ? 'invoke' : 'read-output';
  const invoke = grantees(config, env, 'invoke', resource);
  const readOutput = grantees(config, env, 'read-output', resource);
  const consumers: PiiConsumer[] = [];
  for (const c of env.consumers.values()) {
    if (!c.resource.spec.uses.some((u) => u.deployment === name)) continue;
    const subject = c.resource.spec.subject;
    const allowed = (action === 'invoke' ? invoke : readOutput).some((g) => g.subject === subject && !g.wildcard);
    consumers.push({ consumer: c.name, subject, action, allowed });
  }
  const sinks: PiiSink[] = [];
  if (spec.output) sinks.push(sink(config, env, spec.output.dataSource, { kind: 'output' }));
  const dl = spec.errorPolicy === undefined ? undefined : env.errorPolicies.get(spec.errorPolicy)?.resource.spec;
  if (dl?.deadLetter)
    sinks.push(sink(config, env, dl.deadLetter.dataSource, { kind: 'dead-letter', errorPolicy: spec.errorPolicy! }));
  return {
    deployment: name,
    file: dep.file,
    mode: spec.mode,
    consumers: consumers.sort(byName((c) => c.consumer)),
    invoke,
    readOutput,
    sinks,
  };
}

function sink(config: Config, env: EnvConfig, dataSource: string, via: PiiSink['via']): PiiSink {
  return {
    dataSource,
    via,
    classifiedPii: env.dataSources.get(dataSource)?.resource.spec.classification === 'pii',
    readData: grantees(config, env, 'read-data', `datasource:${dataSource}`),
    inputOf: [...env.deployments.values()]
      .filter((d) => d.resource.spec.inputs?.includes(dataSource))
      .map((d) => d.name)
      .sort(),
  };
}
