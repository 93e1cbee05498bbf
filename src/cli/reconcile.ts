import { UserError } from '../model/errors.js';
import type { ValidateReport } from '../format/report.js';
import type { TypedDoc } from '../load/document.js';
import { orderedEnvironments, type Config } from '../world/config.js';
import { desiredState, type DesiredResource } from '../world/desired.js';
import { readRevision, type RevisionInfo } from '../git/revision.js';
import { resolveStateLocation, type StateLocation } from '../state/url.js';
import { useColor, type CliIO } from './io.js';
import { resolveRepo } from './repo.js';

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
  repo: string;
  /** One or more environments, in the order given. */
  env: readonly string[];
  rev?: string | undefined;
  state?: string | undefined;
}

/**
 * Reads the tree (working tree or `--rev`) once, validates it, and resolves each environment.
 * Invalid configuration prints its diagnostics and returns `undefined` (the command exits 1);
 * an unknown environment is a usage error listing the known ones, before anything is done.
 */
export async function loadDesired(options: DesiredOptions, io: CliIO, verb: string): Promise<Desired[] | undefined> {
  if (options.env.length === 0)
    throw new UserError('--env names no environment', {
      hint: 'pass an environment, e.g. --env prod, or several: --env dev,staging',
    });
  const root = resolveRepo(options.repo, io);
  // The working tree's files are read on a second thread while git reports its state and the
  // parser loads here; the rules load between the batches of files the parser takes.
  const rules = import('../validate/index.js');
  rules.catch(() => undefined); // awaited below; a failure to load surfaces there
  const [revision, { loadTree }] = await Promise.all([
    readRevision(root, options.rev, { environments: options.env }),
    import('../load/load-tree.js'),
  ]);
  const loaded = await loadTree(revision.source);
  const result = (await rules).validateTree(loaded);
  if (result.errors > 0) {
    const { formatText } = await import('../format/text.js');
    const report: ValidateReport = {
      diagnostics: result.diagnostics,
      fileCount: result.fileCount,
      errors: result.errors,
      warnings: result.warnings,
      texts: loaded.texts,
    };
    io.stderr.write(formatText(report, { color: useColor(io, 'stderr') }));
    io.stderr.write(
      `error: refusing to ${verb}: the configuration at ${revision.source.description} is invalid (run \`slipway validate\` for details)\n`,
    );
    return undefined;
  }
  const config = result.config;
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
  const state = resolveStateLocation({
    flag: options.state,
    env: io.env.SLIPWAY_STATE,
    project: config.project?.resource.spec.state?.url,
    repoRoot: root,
    cwd: io.cwd,
  });
  return environments.map(({ env, environment, envConfig }) => ({
    env,
    root,
    revision,
    config,
    environment,
    resources: desiredState(config, envConfig),
    state,
  }));
}
