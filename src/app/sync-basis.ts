import { branchHead, inHistoryOf } from '../git/ancestry.js';
import { openGit, resolveCommit } from '../git/repo.js';
import { gitTree } from '../git/tree.js';
import type { TreeScope } from '../load/tree.js';
import type { SyncBasis } from '../status/sync.js';
import { readProjectSettings } from '../world/project-settings.js';
import { desiredState } from '../world/desired.js';
import { loadAndValidate, type CheckedTree } from './load-config.js';

export interface SyncBasisOptions {
  /** The repository root, resolved. */
  root: string;
  /** `--rev`: compare with this revision instead of the default branch's head. */
  rev?: string | undefined;
  /** Read only what these environments depend on (all of the tree without it). */
  scope?: TreeScope;
}

/** The basis, and the configuration it was read from when there is one (the report shows it). */
export interface ResolvedSyncBasis {
  basis: SyncBasis;
  checked?: CheckedTree;
  /** Where the configuration was read from, for messages: `revision main`. */
  source?: string;
}

/** `main` unless slipway.yaml names another default branch. */
const DEFAULT_BRANCH = 'main';

/**
 * What `status` and `report` compare environments with: the desired states at the default
 * branch's head (the Project's `spec.defaultBranch`, default `main`; the local branch, else
 * `origin/<branch>`), or at `rev`. No git repository, no such branch, or a configuration that
 * does not validate there make the sync unknown rather than an error: what is live can still be
 * shown. An unknown `rev` is a usage error.
 */
export async function resolveSyncBasis(options: SyncBasisOptions): Promise<ResolvedSyncBasis> {
  const { root } = options;
  let ref: string;
  let revision: string;
  if (options.rev !== undefined) {
    ref = options.rev;
    revision = await resolveCommit(openGit(root), options.rev);
  } else {
    const branch = readProjectSettings(root).defaultBranch ?? DEFAULT_BRANCH;
    const head = await branchHead(root, branch);
    if (head.kind === 'not-a-repository') return { basis: { kind: 'unknown', reason: { kind: 'not-a-repository' } } };
    if (head.kind === 'missing') return { basis: { kind: 'unknown', reason: { kind: 'no-branch', branch } } };
    ({ ref, commit: revision } = head);
  }
  const tree = gitTree(root, revision, options.scope);
  const checked = await loadAndValidate(tree);
  const source = `revision ${ref}`;
  if (checked.result.errors > 0)
    return {
      basis: {
        kind: 'unknown',
        ref,
        revision,
        reason: { kind: 'invalid-configuration', errors: checked.result.errors },
      },
      checked,
      source,
    };
  const config = checked.result.config;
  const seen = new Map<string, Promise<boolean | undefined>>();
  return {
    basis: {
      kind: 'revision',
      ref,
      revision,
      desired(env) {
        const envConfig = config.environments.get(env);
        return envConfig?.environment ? desiredState(config, envConfig) : undefined;
      },
      contains(applied) {
        let answer = seen.get(applied);
        if (!answer) seen.set(applied, (answer = inHistoryOf(root, applied, revision)));
        return answer;
      },
    },
    checked,
    source,
  };
}
