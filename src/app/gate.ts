import { isTrafficChange, type Change } from '../gate/changes.js';
import type { Config } from '../world/config.js';
import { classifyChanges, pastKey } from '../gate/classify.js';
import type { ReviewEvidence } from '../gate/checks/approvals.js';
import type { SoakEvidence, VerificationEvidence } from '../gate/checks/types.js';
import { evaluateGate, type GateReport } from '../gate/evaluate.js';
import { commitParentage } from '../git/parents.js';
import { gitTree } from '../git/tree.js';
import { environmentTimelines } from '../history/from-git.js';
import { stateTimelines } from '../history/from-state.js';
import { versionsEverFull, type DeploymentTimeline } from '../history/timeline.js';
import type { ParseCache } from '../load/load-tree.js';
import type { TreeFile } from '../load/tree.js';
import type { StateStore } from '../state/store.js';
import { loadAndValidate } from './load-config.js';

export interface GateRequest {
  /** The repository (a git checkout). */
  dir: string;
  base: string;
  head: string;
  now: Date;
  /**
   * `--state`: soak evidence from this store's audit log instead of git history. Read-only: a
   * store that does not exist yet is empty, and is not created. `cwd` resolves a relative path.
   */
  state?: { flag: string; cwd: string };
  /** The pull request's reviews (`--github`); without them, approval checks are pending. */
  reviews?: ReviewEvidence;
}

/** The gate's verdict as a result kind: `pass`, `block` (a check failed) or `pending` (approvals missing). */
export type GateResult = { kind: 'pass' | 'block' | 'pending'; report: GateReport };

const KIND = { pass: 'pass', fail: 'block', pending: 'pending' } as const;

/**
 * `slipway gate`: loads both revisions (two git processes each), classifies the changes with the
 * base branch's history for rollbacks, gathers soak evidence, and judges: the gate's only I/O.
 */
export async function runGate(request: GateRequest): Promise<GateResult> {
  const state = request.state === undefined ? undefined : await openState(request.state, request.dir);
  try {
    const report = await judge(request, state);
    return { kind: KIND[report.verdict], report };
  } finally {
    await state?.store.close();
  }
}

async function openState(
  { flag, cwd }: { flag: string; cwd: string },
  dir: string,
): Promise<{ store: StateStore; label: string }> {
  const { resolveStateLocation } = await import('../state/url.js');
  const { openStore } = await import('../state/open.js');
  const location = resolveStateLocation({ flag, repoRoot: dir, cwd });
  return { store: await openStore(location, { create: false }), label: location.display };
}

async function judge(run: GateRequest, state: { store: StateStore; label: string } | undefined): Promise<GateReport> {
  const baseTree = gitTree(run.dir, run.base);
  const headTree = gitTree(run.dir, run.head);
  const [baseCommit, headCommit] = await Promise.all([baseTree.commit(), headTree.commit()]);
  // Files unchanged between the revisions (nearly all, in a pull request) are parsed and
  // schema-checked once, and compare equal by identity when changes are classified.
  const parsed: ParseCache = new Map();
  const [baseFiles, headFiles, headParentage] = await Promise.all([
    baseTree.readFiles(),
    headTree.readFiles(),
    // Only reviews make it matter whether the head is the commit they were given on, or its merge.
    run.reviews ? commitParentage(run.dir, headCommit, baseCommit) : undefined,
  ]);
  const base = (
    await loadAndValidate(
      { description: baseTree.description, readFiles: () => Promise.resolve(baseFiles) },
      { rules: false, rememberPasses: true, cache: parsed },
    )
  ).result;
  const headChecked = await loadAndValidate(
    { description: headTree.description, readFiles: () => Promise.resolve(headFiles) },
    { rememberPasses: true, cache: parsed },
  );
  const head = headChecked.result;

  // First pass without history, to know which environments' history matters.
  const draft = classifyChanges(base.config, head.config);
  const movedEnvs = new Set(draft.filter(isTrafficChange).map((c) => c.env));
  const fromEnvs = new Set<string>();
  for (const c of draft) {
    if (
      c.type !== 'promotion' &&
      c.type !== 'deployment-added' &&
      c.type !== 'canary-step' &&
      c.type !== 'full-rollout'
    )
      continue;
    const from = base.config.environments.get(c.env)?.environment?.resource.spec.promotion?.from;
    if (from) fromEnvs.add(from);
  }

  const gitEnvs = new Set([...movedEnvs, ...(state ? [] : fromEnvs)]);
  const gitTimelines = new Map<string, DeploymentTimeline[]>();
  await Promise.all(
    [...gitEnvs].map(async (env) => {
      gitTimelines.set(env, [...(await environmentTimelines(run.dir, baseCommit, env, undefined, parsed)).values()]);
    }),
  );

  const past = new Map<string, Set<string>>();
  for (const env of movedEnvs)
    for (const t of gitTimelines.get(env) ?? []) past.set(pastKey(env, t.deployment), versionsEverFull(t.points));
  const changes = movedEnvs.size > 0 ? classifyChanges(base.config, head.config, past) : draft;

  let soak: SoakEvidence;
  if (state) {
    const timelines = new Map<string, DeploymentTimeline[]>();
    // The environments promoted from (soak), and those moved (the time between canary steps).
    for (const env of new Set([...fromEnvs, ...movedEnvs]))
      timelines.set(env, [...(await stateTimelines(state.store, env, state.label)).values()]);
    soak = { source: { kind: 'state-store', store: state.label }, timelines };
  } else {
    soak = { source: { kind: 'git-history', rev: run.base }, timelines: gitTimelines };
  }

  const verifications = state ? await passingVerifications(state, base.config, changes) : undefined;

  return evaluateGate({
    base: { ref: { rev: run.base, commit: baseCommit }, config: base.config },
    head: {
      ref: { rev: run.head, commit: headCommit },
      config: head.config,
      diagnostics: head.diagnostics,
      texts: headChecked.loaded.texts,
      changedFiles: changedPaths(baseFiles, headFiles),
    },
    changes,
    soak,
    ...(verifications ? { verifications } : {}),
    ...(run.reviews ? { reviews: run.reviews } : {}),
    ...(headParentage ? { headParentage } : {}),
    now: run.now,
  });
}

/** Paths whose file the head adds or changes (git object ids compare files without reading them twice). */
function changedPaths(base: readonly TreeFile[], head: readonly TreeFile[]): Set<string> {
  const key = (f: TreeFile): string => (f.status === 'ok' ? (f.blob ?? f.content.toString('base64')) : f.status);
  const before = new Map(base.map((f) => [f.path, key(f)]));
  return new Set(head.filter((f) => before.get(f.path) !== key(f)).map((f) => f.path));
}

/** Each source's newest passing `data verify` run, in the environments promoted into that require one. */
async function passingVerifications(
  state: { store: StateStore; label: string },
  base: Config,
  changes: readonly Change[],
): Promise<VerificationEvidence> {
  const envs = new Set(
    changes
      .filter((c) => c.type === 'promotion' || c.type === 'deployment-added')
      .flatMap((c) => (c.env === undefined ? [] : [c.env]))
      .filter((env) => base.environments.get(env)?.environment?.resource.spec.promotion?.dataVerified !== undefined),
  );
  const passing = new Map<string, Map<string, string>>();
  for (const env of envs)
    passing.set(
      env,
      new Map((await state.store.lastVerifications(env, { status: 'pass' })).map((v) => [v.source, v.at])),
    );
  return { store: state.label, passing };
}
