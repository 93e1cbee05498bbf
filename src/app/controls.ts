import { controlsOf, strictest, type EnvironmentControls } from '../apply/controls.js';
import { branchTip, fileAt, originHead, type BranchTip } from '../git/default-branch.js';
import { readRevision, type RevisionInfo } from '../git/revision.js';
import type { Config } from '../world/config.js';
import { parseProjectSettings, PROJECT_FILES, type ProjectSettings } from '../world/project-settings.js';
import { loadAndValidate } from './load-config.js';

/** The default branch of a repository, as far as it can be trusted. */
export type DefaultBranch =
  | { kind: 'found'; name: string; tip: BranchTip; settings: ProjectSettings }
  /** Neither `origin/<name>` nor `<name>` exists in this clone. */
  | { kind: 'missing'; name: string }
  /** Another source names another default branch: `where` (`origin/HEAD`, a branch's slipway.yaml) says `says`. */
  | { kind: 'disagrees'; name: string; where: string; says: string };

/** The slipway.yaml settings of a commit (empty when it has none). */
async function settingsAt(root: string, sha: string): Promise<ProjectSettings> {
  for (const name of PROJECT_FILES) {
    const content = await fileAt(root, sha, name);
    if (content !== undefined) return parseProjectSettings(name, content);
  }
  return { environments: [] };
}

const shortRef = (ref: string): string => ref.replace(/^refs\/(remotes\/|heads\/)/, '');

/**
 * The default branch `declared` names (`spec.defaultBranch` of the tree read; `main` without
 * one), checked against what the clone itself says, so that a branch cannot name itself the
 * default: `origin/HEAD` (when the clone records it) must name the same branch, that branch's own
 * slipway.yaml must name itself, and when it is not `main`, an existing `main` must name it too.
 */
export async function resolveDefaultBranch(root: string, declared: string | undefined): Promise<DefaultBranch> {
  const name = declared ?? 'main';
  const head = await originHead(root);
  if (head !== undefined && head !== name) return { kind: 'disagrees', name, where: 'origin/HEAD', says: head };
  const tip = await branchTip(root, name);
  if (!tip) return { kind: 'missing', name };
  const settings = await settingsAt(root, tip.sha);
  const own = settings.defaultBranch ?? 'main';
  if (own !== name) return { kind: 'disagrees', name, where: `slipway.yaml on ${shortRef(tip.ref)}`, says: own };
  if (name !== 'main') {
    const main = await branchTip(root, 'main');
    const says = main ? ((await settingsAt(root, main.sha)).defaultBranch ?? 'main') : name;
    if (main && says !== name) return { kind: 'disagrees', name, where: `slipway.yaml on ${shortRef(main.ref)}`, says };
  }
  return { kind: 'found', name, tip, settings };
}

/** The branch ref as people write it: `origin/main`, `main`. */
export function branchLabel(tip: BranchTip): string {
  return shortRef(tip.ref);
}

/** What apply needs to know of the default branch and the controls in force, per environment. */
export interface Controls {
  branch: DefaultBranch;
  /** The strictest of what the revision applied and the default branch declare. */
  of(env: string): EnvironmentControls;
}

/**
 * Reads the controls in force for `envs`: those of the revision applied, made stricter by those
 * on the tip of the default branch — and, when sources disagree on which branch that is, on the
 * tips of `main` and of `origin/HEAD`'s branch too, so that no revision escapes the controls of
 * the branch that really is the default by naming another. Each tip is read and validated once,
 * for the same environments, unless it is the revision applied.
 */
export async function readControls(
  root: string,
  applied: { config: Config; revision: RevisionInfo },
  envs: readonly string[],
): Promise<Controls> {
  const branch = await resolveDefaultBranch(root, applied.config.project?.resource.spec.defaultBranch);
  const names = new Set([branch.name, 'main', ...(branch.kind === 'disagrees' ? [branch.says] : [])]);
  const tips = new Map<string, BranchTip>();
  for (const name of names) {
    const tip = branch.kind === 'found' && name === branch.name ? branch.tip : await branchTip(root, name);
    if (tip) tips.set(tip.sha, tip);
  }
  const configs: Config[] = [];
  for (const sha of tips.keys()) {
    // The revision applied is that tip: its controls are already in force.
    if (sha === applied.revision.revision && !applied.revision.dirty) continue;
    else {
      const tip = await readRevision(root, sha, { environments: envs });
      configs.push((await loadAndValidate(tip.source)).result.config);
    }
  }
  return {
    branch,
    of(env) {
      return configs.reduce(
        (controls, config) => strictest(controls, controlsOf(config, env, 'default-branch')),
        controlsOf(applied.config, env, 'applied'),
      );
    },
  };
}
