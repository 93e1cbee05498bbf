import type { ModelVersion } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import type { Config, EnvConfig } from '../world/config.js';

/** One live version of a deployment, resolved against the model registry. */
export interface LiveVersion {
  version: ModelVersion;
  percent: number;
}

/** The versions a deployment's traffic names, in traffic order; an unknown one is skipped (validate reports it). */
export function liveVersions(config: Config, deployment: TypedDoc<'Deployment'>): LiveVersion[] {
  const versions = config.models.get(deployment.resource.spec.model)?.resource.spec.versions ?? [];
  const out: LiveVersion[] = [];
  for (const t of deployment.resource.spec.traffic) {
    const version = versions.find((v) => v.version === t.version);
    if (version) out.push({ version, percent: t.percent });
  }
  return out;
}

/** The error policy a deployment names, when it exists. */
export function errorPolicyOf(env: EnvConfig, deployment: TypedDoc<'Deployment'>): TypedDoc<'ErrorPolicy'> | undefined {
  const name = deployment.resource.spec.errorPolicy;
  return name === undefined ? undefined : env.errorPolicies.get(name);
}
