import type { EnvScopedKind, Kind } from '../kinds/index.js';
import type { AnyDoc, TypedDoc } from '../load/document.js';

/** Everything declared for one environment folder. */
export interface EnvConfig {
  name: string;
  environment?: TypedDoc<'Environment'>;
  deployments: Map<string, TypedDoc<'Deployment'>>;
  dataSources: Map<string, TypedDoc<'DataSource'>>;
  errorPolicies: Map<string, TypedDoc<'ErrorPolicy'>>;
  accessPolicies: Map<string, TypedDoc<'AccessPolicy'>>;
  consumers: Map<string, TypedDoc<'Consumer'>>;
}

/**
 * The resolved configuration: every valid document indexed by environment, kind and name.
 * `declared` also holds the names of documents that failed their schema, so that a broken
 * document yields one finding, not one more for every reference to it.
 */
export interface Config {
  project?: TypedDoc<'Project'>;
  models: Map<string, TypedDoc<'Model'>>;
  environments: Map<string, EnvConfig>;
  /** Keys `<env>/<Kind>/<name>` (env empty for Model) of every document with a readable name. */
  declared: Set<string>;
  /** Documents seen again under a name already taken, in file order. */
  duplicates: AnyDoc[];
}

export const declaredKey = (env: string | undefined, kind: Kind, name: string): string =>
  `${env ?? ''}/${kind}/${name}`;

/**
 * The key in `declared` that marks a scope holding a file that failed to parse: `<env>/*` for
 * `environments/<env>/`, `/*` for models/ and slipway.yaml. Such a file could have declared any
 * name there, so references into that scope are not reported as unknown (one mistake, one finding).
 */
export function unparsedKey(file: string): string {
  const env = /^environments\/([^/]+)\//.exec(file)?.[1];
  return `${env ?? ''}/*`;
}

const MAP_OF: Record<EnvScopedKind, keyof Omit<EnvConfig, 'name' | 'environment'>> = {
  Deployment: 'deployments',
  DataSource: 'dataSources',
  ErrorPolicy: 'errorPolicies',
  AccessPolicy: 'accessPolicies',
  Consumer: 'consumers',
};

export function envMapKey(kind: EnvScopedKind): keyof Omit<EnvConfig, 'name' | 'environment'> {
  return MAP_OF[kind];
}

export function emptyEnv(name: string): EnvConfig {
  return {
    name,
    deployments: new Map(),
    dataSources: new Map(),
    errorPolicies: new Map(),
    accessPolicies: new Map(),
    consumers: new Map(),
  };
}

export function buildConfig(docs: readonly AnyDoc[], declared: Set<string>): Config {
  const config: Config = { models: new Map(), environments: new Map(), declared, duplicates: [] };
  const envOf = (name: string): EnvConfig => {
    let env = config.environments.get(name);
    if (!env) {
      env = emptyEnv(name);
      config.environments.set(name, env);
    }
    return env;
  };
  for (const doc of docs) {
    switch (doc.kind) {
      case 'Project':
        if (config.project) config.duplicates.push(doc);
        else config.project = doc;
        break;
      case 'Model':
        if (config.models.has(doc.name)) config.duplicates.push(doc);
        else config.models.set(doc.name, doc);
        break;
      case 'Environment': {
        const env = envOf(doc.env ?? doc.name);
        if (env.environment) config.duplicates.push(doc);
        else env.environment = doc;
        break;
      }
      default: {
        const env = envOf(doc.env ?? '');
        const map = env[MAP_OF[doc.kind]] as Map<string, AnyDoc>;
        if (map.has(doc.name)) config.duplicates.push(doc);
        else map.set(doc.name, doc);
      }
    }
  }
  return config;
}

/** Environments in Project order first, then any other folders alphabetically. */
export function orderedEnvironments(config: Config): EnvConfig[] {
  const order = config.project?.resource.spec.environments ?? [];
  const rank = (n: string): number => {
    const i = order.indexOf(n);
    return i === -1 ? order.length : i;
  };
  return [...config.environments.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** Whether `config` declares `version` of `model` revoked: it may never serve again. */
export function isRevoked(config: Config, model: string, version: string): boolean {
  return (
    config.models.get(model)?.resource.spec.versions.some((v) => v.version === version && v.status === 'revoked') ??
    false
  );
}
