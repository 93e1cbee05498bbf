import { isTrafficChange } from '../gate/changes.js';
import { classifyChanges, pastKey } from '../gate/classify.js';
import type { ReviewEvidence } from '../gate/checks/approvals.js';
import { evaluateGate, type GateReport } from '../gate/evaluate.js';
import { commitParentage } from '../git/parents.js';
import { gitTree } from '../git/tree.js';
import { environmentTimelines } from '../history/from-git.js';
import { branchClock, type BranchClock } from '../history/git-clock.js';
import { versionsEverFull, type DeploymentTimeline } from '../history/timeline.js';
import type { ParseCache } from '../load/load-tree.js';
import type { TreeFile } from '../load/tree.js';
import { gatherEvidence, gateStateLocation, type GateStateChoice } from './gate-evidence.js';
import { loadAndValidate } from './load-config.js';

export interface GateRequest {
  /** The repository (a git checkout). */
  dir: string;
  base: string;
  head: string;
  now: Date;
  /**
   * Where the state store is (`--state`, `$SLIPWAY_STATE`); without either, the base revision's
   * `spec.state.url`, else `sqlite:.slipway/state.db`. Read-only: a store is never created.
   * Default: neither given, relative paths from `dir`.
   */
  state?: GateStateChoice;
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
  const report = await judge(request);
  return { kind: KIND[report.verdict], report };
}

async function judge(run: GateRequest): Promise<GateReport> {
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
  const location = await gateStateLocation(
    run.dir,
    { rev: run.base, config: base.config },
    run.state ?? { cwd: run.dir },
  );

  // First pass without history, to know which environments' history matters.
  const draft = classifyChanges(base.config, head.config);
  const movedEnvs = new Set(draft.filter(isTrafficChange).map((c) => c.env));
  const fromEnvs = new Set<string>();
  const versions: Array<{ model: string; version: string }> = [];
  const verifiedEnvs = new Set<string>();
  // Environments whose canaries step under `promotion.canary.minStepInterval`: their own history.
  const stepEnvs = new Set<string>();
  for (const c of draft) {
    if (
      c.type !== 'promotion' &&
      c.type !== 'deployment-added' &&
      c.type !== 'canary-step' &&
      c.type !== 'full-rollout'
    )
      continue;
    const promotion = base.config.environments.get(c.env)?.environment?.resource.spec.promotion;
    if (c.type === 'canary-step' || c.type === 'full-rollout') {
      if (promotion?.canary?.minStepInterval !== undefined) stepEnvs.add(c.env);
    } else if (promotion?.dataVerified !== undefined) verifiedEnvs.add(c.env);
    if (!promotion?.from) continue;
    // Soak is judged again at every canary step and at the full rollout.
    fromEnvs.add(promotion.from);
    if (c.type === 'deployment-added') {
      for (const t of c.to) if (t.percent > 0) versions.push({ model: c.model, version: t.version });
    } else versions.push({ model: c.model, version: c.version });
  }

  // One read of the base branch's dates, and of each environment's history, whoever asks first.
  let clock: Promise<BranchClock> | undefined;
  const baseClock = (): Promise<BranchClock> => (clock ??= branchClock(run.dir, baseCommit));
  const histories = new Map<string, Promise<DeploymentTimeline[]>>();
  const gitTimelines = (env: string): Promise<DeploymentTimeline[]> => {
    let found = histories.get(env);
    if (!found)
      histories.set(
        env,
        (found = baseClock().then(async (c) => [
          ...(await environmentTimelines(run.dir, baseCommit, env, undefined, { parsed, clock: c })).values(),
        ])),
      );
    return found;
  };

  const past = new Map<string, Set<string>>();
  const [evidence] = await Promise.all([
    gatherEvidence({
      dir: run.dir,
      base: { rev: run.base, commit: baseCommit },
      location,
      fromEnvs,
      versions,
      verifiedEnvs,
      stepEnvs,
      clock: baseClock,
      gitTimelines,
    }),
    ...[...movedEnvs].map(async (env) => {
      for (const t of await gitTimelines(env)) past.set(pastKey(env, t.deployment), versionsEverFull(t.points));
    }),
  ]);
  const changes = movedEnvs.size > 0 ? classifyChanges(base.config, head.config, past) : draft;

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
    soak: evidence.soak,
    ...(evidence.verifications ? { verifications: evidence.verifications } : {}),
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
