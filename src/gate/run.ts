import { environmentTimelines } from '../history/from-git.js';
import { gitTree } from '../git/tree.js';
import { stateTimelines } from '../history/from-state.js';
import { versionsEverLive, type DeploymentTimeline } from '../history/timeline.js';
import { loadTree, type ParseCache } from '../load/load-tree.js';
import type { StateStore } from '../state/store.js';
import { validateTree, type ValidationResult } from '../validate/index.js';
import { isTrafficChange, type Change } from './changes.js';
import { classifyChanges, pastKey } from './classify.js';
import type { ReviewEvidence } from './checks/approvals.js';
import type { SoakEvidence } from './checks/types.js';
import { evaluateGate, type GateReport } from './evaluate.js';

export interface GateRun {
  /** The repository (a git checkout). */
  dir: string;
  base: string;
  head: string;
  now: Date;
  /** When given, soak evidence comes from its audit log instead of git history. */
  state?: { store: StateStore; label: string };
  reviews?: ReviewEvidence;
}

export interface GateOutcome {
  report: GateReport;
  changes: Change[];
  head: ValidationResult;
}

/**
 * Loads both revisions (two git processes each), classifies the changes with the base branch's
 * history for rollbacks, gathers soak evidence, and judges: the only I/O of the gate.
 */
export async function runGate(run: GateRun): Promise<GateOutcome> {
  const baseTree = gitTree(run.dir, run.base);
  const headTree = gitTree(run.dir, run.head);
  const [baseCommit, headCommit] = await Promise.all([baseTree.commit(), headTree.commit()]);
  // Files unchanged between the revisions (nearly all, in a pull request) are parsed and
  // schema-checked once, and compare equal by identity when changes are classified.
  const parsed: ParseCache = new Map();
  const [baseFiles, headFiles] = await Promise.all([baseTree.readFiles(), headTree.readFiles()]);
  const baseLoaded = await loadTree(
    { description: baseTree.description, readFiles: () => Promise.resolve(baseFiles) },
    parsed,
  );
  const headLoaded = await loadTree(
    { description: headTree.description, readFiles: () => Promise.resolve(headFiles) },
    parsed,
  );
  const base = validateTree(baseLoaded, { rules: false, rememberPasses: true });
  const head = validateTree(headLoaded, { rememberPasses: true });

  // First pass without history, to know which environments' history matters.
  const draft = classifyChanges(base.config, head.config);
  const movedEnvs = new Set(draft.filter(isTrafficChange).map((c) => c.env));
  const fromEnvs = new Set<string>();
  for (const c of draft) {
    if (c.type !== 'promotion' && c.type !== 'deployment-added') continue;
    const from = base.config.environments.get(c.env)?.environment?.resource.spec.promotion?.from;
    if (from) fromEnvs.add(from);
  }

  const gitEnvs = new Set([...movedEnvs, ...(run.state ? [] : fromEnvs)]);
  const gitTimelines = new Map<string, DeploymentTimeline[]>();
  await Promise.all(
    [...gitEnvs].map(async (env) => {
      gitTimelines.set(env, [...(await environmentTimelines(run.dir, baseCommit, env, undefined, parsed)).values()]);
    }),
  );

  const past = new Map<string, Set<string>>();
  for (const env of movedEnvs)
    for (const t of gitTimelines.get(env) ?? [])
      past.set(pastKey(env, t.deployment), new Set(versionsEverLive(t.points).keys()));
  const changes = movedEnvs.size > 0 ? classifyChanges(base.config, head.config, past) : draft;

  let soak: SoakEvidence;
  if (run.state) {
    const timelines = new Map<string, DeploymentTimeline[]>();
    for (const env of fromEnvs)
      timelines.set(env, [...(await stateTimelines(run.state.store, env, run.state.label)).values()]);
    soak = { source: 'state', label: `state store ${run.state.label}`, timelines };
  } else {
    soak = { source: 'git', label: `git history of ${run.base}`, timelines: gitTimelines };
  }

  const report = evaluateGate({
    base: { ref: { rev: run.base, commit: baseCommit }, config: base.config },
    head: {
      ref: { rev: run.head, commit: headCommit },
      config: head.config,
      diagnostics: head.diagnostics,
      texts: headLoaded.texts,
    },
    changes,
    soak,
    ...(run.reviews ? { reviews: run.reviews } : {}),
    now: run.now,
  });
  return { report, changes, head };
}
