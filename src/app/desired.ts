import { UserError } from '../model/errors.js';
import type { ValidateReport } from '../validate/report.js';
import type { TypedDoc } from '../load/document.js';
import { orderedEnvironments, type Config } from '../world/config.js';
import { desiredState, type DesiredResource } from '../world/desired.js';
import { readRevision, type RevisionInfo } from '../git/revision.js';
import type { StateLocation } from '../state/url.js';
import { trustedStateLocation } from './state-context.js';
import { loadAndValidate, validateReport } from './load-config.js';

/** What plan and apply share: the validated desired state of one environment at one revision. */
export interface Desired {
  /** The environment's name, as given to --env. */
  env: string;
  root: string;
  revision: RevisionInfo;
  config: Config;
  environment: TypedDoc<'Environment'>;
  resources: DesiredResource[];
  state: StateLocation;
}

export interface DesiredOptions {
  /** The repository root, resolved. */
  root: string;
  /** Where relative paths given by the user resolve (the working directory). */
  cwd: string;
  /** `$SLIPWAY_STATE`, when set. */
  stateFromEnv?: string | undefined;
  /** One or more environments, in the order given. */
  env: readonly string[];
  rev?: string | undefined;
  state?: string | undefined;
}

/** The desired states, or the report of a configuration too broken to reconcile. */
export type DesiredResult =
  { kind: 'ok'; desired: Desired[] } | { kind: 'invalid'; report: ValidateReport; source: string };

/**
 * Reads the tree (working tree or `--rev`) once, validates it, and resolves each environment.
 * An unknown environment is a usage error listing the known ones, before anything is done.
 */
export async function loadDesired(options: DesiredOptions): Promise<DesiredResult> {
  if (options.env.length === 0)
    throw new UserError('--env names no environment', {
      hint: 'pass an environment, e.g. --env prod, or several: --env dev,staging',
    });
  const root = options.root;
  const reading = readRevision(root, options.rev, { environments: options.env });
  const checked = await loadAndValidate(reading.then((r) => r.source));
  const revision = await reading;
  if (checked.result.errors > 0)
    return { kind: 'invalid', report: validateReport(checked), source: revision.source.description };
  const config = checked.result.config;
  const environments = options.env.map((name) => {
    const envConfig = config.environments.get(name);
    if (envConfig?.environment) return { env: name, environment: envConfig.environment, envConfig };
    const known = orderedEnvironments(config)
      .filter((e) => e.environment)
      .map((e) => e.name);
    throw new UserError(`unknown environment "${name}"`, {
      hint:
        known.length > 0
          ? `known environments: ${known.join(', ')}`
          : 'declare it in environments/<env>/environment.yaml and slipway.yaml spec.environments',
    });
  });
  const state = await trustedStateLocation({
    root,
    cwd: options.cwd,
    state: options.state,
    stateFromEnv: options.stateFromEnv,
    repo: {
      url: config.project?.resource.spec.state?.url,
      defaultBranch: config.project?.resource.spec.defaultBranch,
      where: revision.dirty ? 'the working tree' : `revision ${revision.revision.slice(0, 7)}`,
    },
  });
  return {
    kind: 'ok',
    desired: environments.map(({ env, environment, envConfig }) => ({
      env,
      root,
      revision,
      config,
      environment,
      resources: desiredState(config, envConfig),
      state,
    })),
  };
}
