import type { DataSource } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import { canonicalJson } from '../model/canonical.js';
import type { EnvConfig } from '../world/config.js';
import type { LiveVersion } from './lookup.js';
import { envVarPart } from './names.js';
import type { Json, NotEnforced } from './types.js';

/**
 * A connection secret as a pod can read it: only `kubernetes` secrets, by reference. The key is
 * `<secret>/<data key>`; a key without `/` names the Secret, whose `connection` entry is read.
 */
function secretEnv(name: string, source: DataSource): Json | undefined {
  const ref = source.spec.connection?.secretRef;
  if (ref?.provider !== 'kubernetes') return undefined;
  const slash = ref.key.indexOf('/');
  const secret = slash === -1 ? ref.key : ref.key.slice(0, slash);
  const key = slash === -1 ? 'connection' : ref.key.slice(slash + 1);
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** The variables that describe one data source to the scoring job: engine, location and connection. */
function sourceEnv(
  prefix: string,
  doc: TypedDoc<'DataSource'>,
  deployment: string,
  notEnforced: NotEnforced[],
): Json[] {
  const spec = doc.resource.spec;
  const out: Json[] = [
    { name: prefix, value: doc.name },
    { name: `${prefix}_ENGINE`, value: spec.engine },
  ];
  for (const key of ['table', 'path', 'topic'] as const) {
    const value = spec.location[key];
    if (value !== undefined) out.push({ name: `${prefix}_${key.toUpperCase()}`, value });
  }
  const secret = secretEnv(`${prefix}_CONNECTION`, doc.resource);
  if (secret) out.push(secret);
  else if (spec.connection) {
    // Never a value: the secret stays where it is, and the job is told nothing about it.
    notEnforced.push({
      deployment,
      kind: 'DataSource',
      name: doc.name,
      field: 'spec.connection.secretRef',
      reason: 'secret-provider',
    });
  }
  return out;
}

/**
 * Environment variables of a batch job: the model artifact (uri and digest) of its main version,
 * the whole split when there are several, and each input and the output data source.
 */
export function batchEnv(
  env: EnvConfig,
  deployment: TypedDoc<'Deployment'>,
  live: readonly LiveVersion[],
  notEnforced: NotEnforced[],
): Json[] {
  const spec = deployment.resource.spec;
  // The main version is the one with the largest share (the first declared on a tie).
  const main = live.reduce<LiveVersion | undefined>(
    (best, l) => (best && best.percent >= l.percent ? best : l),
    undefined,
  );
  const out: Json[] = [
    { name: 'SLIPWAY_ENVIRONMENT', value: env.name },
    { name: 'SLIPWAY_DEPLOYMENT', value: deployment.name },
    { name: 'SLIPWAY_MODEL', value: spec.model },
  ];
  if (main) {
    out.push(
      { name: 'SLIPWAY_MODEL_VERSION', value: main.version.version },
      { name: 'SLIPWAY_MODEL_URI', value: main.version.artifact.uri },
      { name: 'SLIPWAY_MODEL_DIGEST', value: main.version.artifact.digest },
    );
  }
  if (live.length > 1) {
    const split = live.map((l) => ({
      version: l.version.version,
      percent: l.percent,
      uri: l.version.artifact.uri,
      digest: l.version.artifact.digest,
    }));
    out.push({ name: 'SLIPWAY_TRAFFIC', value: canonicalJson(split) });
  }
  const inputs = spec.inputs ?? [];
  out.push({ name: 'SLIPWAY_INPUTS', value: inputs.join(',') });
  for (const input of inputs) {
    const doc = env.dataSources.get(input);
    if (doc) out.push(...sourceEnv(`SLIPWAY_INPUT_${envVarPart(input)}`, doc, deployment.name, notEnforced));
  }
  const output = spec.output ? env.dataSources.get(spec.output.dataSource) : undefined;
  if (output) out.push(...sourceEnv('SLIPWAY_OUTPUT', output, deployment.name, notEnforced));
  return out;
}
