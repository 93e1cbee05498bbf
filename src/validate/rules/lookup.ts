import type { Kind, ModelVersion } from '../../kinds/index.js';
import type { TypedDoc } from '../../load/document.js';
import type { Config } from '../../world/config.js';

/** A model version and its position in the model's `spec.versions`. */
export interface VersionEntry {
  model: TypedDoc<'Model'>;
  version: ModelVersion;
  index: number;
}

const versionIndexes = new WeakMap<Config, Map<string, Map<string, VersionEntry>>>();

/** Versions of every valid model, by model name then version; built once per configuration. */
export function modelVersions(config: Config): Map<string, Map<string, VersionEntry>> {
  let index = versionIndexes.get(config);
  if (!index) {
    index = new Map();
    for (const model of config.models.values()) {
      const versions = new Map<string, VersionEntry>();
      model.resource.spec.versions.forEach((version, i) => {
        if (!versions.has(version.version)) versions.set(version.version, { model, version, index: i });
      });
      index.set(model.name, versions);
    }
    versionIndexes.set(config, index);
  }
  return index;
}

/**
 * Whether a document of this kind and name exists, valid or not (a broken one already has its own
 * finding), or may exist: a file of that scope failed to parse, and it could have declared it.
 */
export function isDeclared(config: Config, env: string | undefined, kind: Kind, name: string): boolean {
  const scope = kind === 'Model' || kind === 'Project' ? '' : (env ?? '');
  // Nested lookups with the strings at hand: building a `<env>/<kind>/<name>` key per reference is slower at scale.
  return (declaredByEnv(config, kind).get(scope)?.has(name) ?? false) || hasUnparsed(config, scope);
}

/** Whether a file of environment `env` (`''`: models/ and slipway.yaml) failed to parse. */
export function hasUnparsed(config: Config, env: string): boolean {
  return config.declared.has(`${env}/*`);
}

/** Whether some file anywhere failed to parse. */
export function anyUnparsed(config: Config): boolean {
  for (const key of config.declared) if (key.endsWith('/*') && key.indexOf('/') === key.length - 2) return true;
  return false;
}

/** Environments in Project promotion order (empty without a valid Project). */
export function projectOrder(config: Config): readonly string[] {
  return config.project?.resource.spec.environments ?? [];
}

const declaredIndexes = new WeakMap<Config, Map<string, Map<string, Set<string>>>>();

/** Names of documents of one kind declared (valid or not), by environment (`''` for models and the project). */
function declaredByEnv(config: Config, kind: Kind): Map<string, Set<string>> {
  let byKind = declaredIndexes.get(config);
  if (!byKind) {
    byKind = new Map();
    for (const key of config.declared) {
      const [env = '', k = '', ...rest] = key.split('/');
      const name = rest.join('/');
      let byEnv = byKind.get(k);
      if (!byEnv) byKind.set(k, (byEnv = new Map()));
      let names = byEnv.get(env);
      if (!names) byEnv.set(env, (names = new Set()));
      names.add(name);
    }
    declaredIndexes.set(config, byKind);
  }
  return byKind.get(kind) ?? new Map();
}

/** Names of documents of one kind that were declared (valid or not) in an environment, or anywhere. */
export function declaredNames(config: Config, kind: Kind, env?: string): Set<string> {
  const byEnv = declaredByEnv(config, kind);
  if (env !== undefined) return byEnv.get(env) ?? new Set();
  const out = new Set<string>();
  for (const names of byEnv.values()) for (const n of names) out.add(n);
  return out;
}

/** `a`, `b` and `c` / `a` and `b`: lists in messages, shortened past a few items. */
export function listOf(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (shown.length <= 1) return (shown[0] ?? '(none)') + more;
  if (more) return shown.join(', ') + more;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
