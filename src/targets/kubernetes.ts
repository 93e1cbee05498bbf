import { alignWithOrigin, originUrl, pushDeployBranch, writeDeployBranch } from '../git/deploy-branch.js';
import type { KubernetesTarget as KubernetesSpec } from '../kinds/index.js';
import { UserError } from '../model/errors.js';
import type { AppliedResource, StateStore } from '../state/store.js';
import { LocalTarget } from './local.js';
import type { ObservedResource, Target, TargetCommit } from './target.js';

/** Where one environment's manifests are committed: its `spec.target`, defaults applied. */
export interface DeployBranch {
  /** The repository. */
  root: string;
  env: string;
  /** e.g. `deploy/prod`. */
  branch: string;
  /** The folder on the branch, e.g. `manifests`. */
  path: string;
  /** Push the branch to origin (with a lease) after committing. */
  push: boolean;
}

/** An environment's deploy branch: `deploy/<env>` and `manifests` unless the target says otherwise. */
export function deployBranchOf(root: string, env: string, spec: KubernetesSpec): DeployBranch {
  return {
    root,
    env,
    branch: spec.branch ?? `deploy/${env}`,
    path: (spec.path ?? 'manifests').replace(/^\/+|\/+$/g, ''),
    push: spec.push === true,
  };
}

/**
 * What the kubernetes target delivers. Rendering and validating are domain work, done above this
 * adapter (src/app/delivery.ts) and handed to it through this port.
 */
export interface DeploySource {
  /**
   * When the record already matches the configuration, whether the deploy branch holds something
   * else than the configuration renders (changed outside Slipway, deleted, or left behind by a
   * killed run): a token naming the branch's state (its commit, or `missing`), else undefined.
   */
  branchDrift(observed: readonly ObservedResource[]): Promise<string | undefined>;
  /** The deploy commit: its files (by name inside the folder) and message, rendered and validated. */
  content(): Promise<{ files: Record<string, string>; message: string; objects: number }>;
}

/** What one apply did to the deploy branch. */
export interface Delivered {
  env: string;
  branch: string;
  path: string;
  /** The branch's commit after the step. */
  commit: string;
  /** `unchanged`: the branch already held these bytes; nothing was committed. */
  kind: 'committed' | 'unchanged';
  /** The branch's commit before (null: created), when committed. */
  previous: string | null;
  /** Objects in `manifest.yaml`. */
  objects: number;
  /** Whether the branch was pushed to origin. */
  pushed: boolean;
}

const short = (sha: string): string => sha.slice(0, 7);

/**
 * The `kubernetes` target: the state store keeps the record as for `local`, and the environment
 * is delivered as one deploy commit of rendered manifests (Argo CD or Flux syncs the branch).
 * Per-resource `apply` has nothing to do; `commit` writes the branch once per run, under the lock,
 * before the record. Drift is the local target's, plus a deploy branch that no longer holds what
 * the recorded configuration renders: reported on the Environment, so apply commits it again.
 */
export class KubernetesTarget implements Target {
  readonly description: string;
  private readonly local: LocalTarget;

  constructor(
    private readonly store: StateStore,
    private readonly deploy: DeployBranch,
    private readonly source: DeploySource,
    private readonly onDelivered?: (delivered: Delivered) => void,
  ) {
    this.local = new LocalTarget(store);
    this.description = `kubernetes (${deploy.branch}:${deploy.path}, ${store.description})`;
  }

  async observe(env: string): Promise<ObservedResource[]> {
    return this.observeFrom(await this.store.resources(env));
  }

  async observeFrom(recorded: readonly AppliedResource[]): Promise<ObservedResource[]> {
    const observed = this.local.observeFrom(recorded);
    const drift = await this.source.branchDrift(observed);
    if (drift === undefined) return observed;
    // The hash no longer matches the record: plan shows the Environment as changed outside
    // Slipway, and a saved plan goes stale when the branch moves.
    return observed.map((o) =>
      o.kind === 'Environment' && o.name === this.deploy.env ? { ...o, hash: `deploy-branch:${drift}` } : o,
    );
  }

  async apply(): Promise<void> {
    // Nothing per resource: the environment is delivered at once, by `commit`.
  }

  async commit(): Promise<TargetCommit> {
    const { root, env, branch, path, push } = this.deploy;
    if (push && (await originUrl(root)) === undefined)
      throw new UserError(`the kubernetes target of ${env} pushes ${branch}, but the repository has no origin`, {
        hint: 'add the remote (`git remote add origin URL`), or set `push: false` in the target',
        kind: 'environment',
      });
    const alignment = await alignWithOrigin(root, branch);
    if (alignment.kind === 'diverged')
      throw new UserError(
        `${branch} (${short(alignment.local)}) and origin/${branch} (${short(alignment.tracking)}) have diverged; nothing was committed or recorded`,
        {
          hint: `keep origin's deploy commits with \`git branch -f ${branch} origin/${branch}\`, then apply again`,
          kind: 'conflict',
        },
      );
    const { files, message, objects } = await this.source.content();
    const written = await writeDeployBranch({ root, branch, path, files, message });
    let pushed = false;
    if (push && written.commit !== alignment.tracking) {
      const result = await pushDeployBranch(root, branch, alignment.tracking);
      if (result.kind === 'stale-lease')
        throw new UserError(
          `origin's ${branch} has moved since it was last fetched: deploy commit ${short(written.commit)} was not pushed, and nothing was recorded`,
          {
            hint: `fetch it (\`git fetch origin ${branch}\`), look at what changed, then apply again`,
            kind: 'conflict',
          },
        );
      pushed = true;
    }
    this.onDelivered?.({
      env,
      branch,
      path,
      commit: written.commit,
      kind: written.kind,
      previous: written.kind === 'committed' ? written.previous : written.commit,
      objects,
      pushed,
    });
    return { deployCommit: written.commit };
  }
}
