import type { TrafficSplit } from '../kinds/deployment.js';
import type { ParseCache } from '../load/load-tree.js';
import { parseFile } from '../load/parse.js';
import { appendPoint, type DeploymentTimeline, type TrafficPoint } from './timeline.js';
import { openGit, resolveCommit } from '../git/repo.js';
import { catFiles } from '../git/tree.js';
import { branchClock, type BranchClock } from './git-clock.js';
import { firstParentChanges } from './git-log.js';

/** What the gate shares between the timelines it reads from one base commit. */
export interface TimelineOptions {
  /** Blobs the caller already parsed (the gate's trees): neither read nor parsed again. */
  parsed?: ParseCache;
  /** The branch's first-parent clock (`branchClock`), when the caller has read it already. */
  clock?: BranchClock;
}

/**
 * The traffic history of a deployment as recorded on a branch: every change of its traffic in
 * `environments/<env>/`, oldest first, dated by the commit that brought it to `rev`'s branch.
 *
 * Follows first parents only, with merges diffed against their first parent: on a protected
 * branch a change takes effect when its pull request merges, not when its commit was written.
 * A commit is never dated earlier than its first parent (`git-clock.ts`): a backdated commit
 * fast-forwarded onto the branch counts from the tip it was put on, and its point keeps the
 * date it claims in `committedAt`. Runs three git processes whatever the length of the history
 * (`log` of the folder, `log` of the branch's dates, one `cat-file --batch`).
 */
export async function deploymentTimeline(
  dir: string,
  rev: string,
  env: string,
  deployment: string,
): Promise<DeploymentTimeline> {
  return (await environmentTimelines(dir, rev, env, [deployment])).get(deployment)!;
}

/**
 * Timelines of several deployments of one environment from the same git processes; without
 * `deployments`, of every deployment the history mentions.
 */
export async function environmentTimelines(
  dir: string,
  rev: string,
  env: string,
  deployments?: readonly string[],
  options: TimelineOptions = {},
): Promise<Map<string, DeploymentTimeline>> {
  const { parsed } = options;
  const commit = await resolveCommit(openGit(dir), rev);
  const [commits, clock] = await Promise.all([
    firstParentChanges(dir, commit, `environments/${env}/`, `reading the history of environments/${env} at ${rev}`),
    options.clock ?? branchClock(dir, commit),
  ]);

  // Read each distinct blob once, and parse only those that may mention a wanted deployment.
  // Blobs the caller already parsed (the gate's trees, in `parsed`) are neither read nor parsed again.
  const wanted = deployments ? new Set(deployments) : undefined;
  const docsByBlob = new Map<string, Map<string, FoundDeployment>>();
  /** Blobs to read, with a path that held each (for the parser's findings, which are not used). */
  const toRead = new Map<string, string>();
  for (const c of commits) {
    for (const [file, sha] of c.changes) {
      if (sha === null || docsByBlob.has(sha) || toRead.has(sha)) continue;
      const known = parsed?.get(`${sha}\0${file}`);
      if (known?.text !== undefined && (!deployments || deployments.some((name) => known.text!.includes(name))))
        docsByBlob.set(
          sha,
          deploymentsIn(
            known.documents.map((d) => d.value),
            wanted,
          ),
        );
      else if (!known) toRead.set(sha, file);
    }
  }
  const shas = [...toRead.keys()];
  const blobs = await catFiles(dir, shas);
  shas.forEach((sha, i) => {
    const content = blobs[i]!;
    if (deployments && !deployments.some((name) => content.includes(name))) return;
    // The same parser and guards (alias bombs, depth, prototype keys) as the current tree; a file
    // that does not parse declares nothing.
    const documents = parseFile({ path: toRead.get(sha)!, status: 'ok', content }).documents;
    docsByBlob.set(
      sha,
      deploymentsIn(
        documents.map((d) => d.value),
        wanted,
      ),
    );
  });

  /** A commit's effective time, and the date it claims when that is earlier. */
  const dated = (sha: string, committed: string): Pick<TrafficPoint, 'at' | 'committedAt'> => {
    const effective = clock.get(sha)?.effective ?? committed;
    return effective === committed ? { at: committed } : { at: effective, committedAt: committed };
  };
  const source = { kind: 'git', rev, commit } as const;
  const timelines = new Map<string, DeploymentTimeline>();
  const timelineOf = (name: string): DeploymentTimeline => {
    let t = timelines.get(name);
    if (!t)
      timelines.set(
        name,
        (t = {
          env,
          deployment: name,
          source,
          points: [],
          ...(commits[0] ? { horizon: dated(commits[0].sha, commits[0].at).at } : {}),
        }),
      );
    return t;
  };
  for (const name of deployments ?? []) timelineOf(name);

  // Replay the folder commit by commit: which file currently holds which deployment. `holders`
  // indexes the files declaring each deployment, so a commit costs what it touched, not the
  // size of the folder.
  const fileBlobs = new Map<string, string>();
  const holders = new Map<string, Set<string>>();
  for (const c of commits) {
    const touched = new Set<string>();
    for (const [file, sha] of c.changes) {
      const before = fileBlobs.get(file);
      for (const name of docsByBlob.get(before ?? '')?.keys() ?? []) {
        touched.add(name);
        holders.get(name)?.delete(file);
      }
      if (sha === null) fileBlobs.delete(file);
      else {
        fileBlobs.set(file, sha);
        for (const name of docsByBlob.get(sha)?.keys() ?? []) {
          touched.add(name);
          let files = holders.get(name);
          if (!files) holders.set(name, (files = new Set()));
          files.add(file);
        }
      }
    }
    const when = dated(c.sha, c.at);
    for (const name of touched) {
      const found = locate(name, holders.get(name), fileBlobs, docsByBlob);
      const point: TrafficPoint = found
        ? { ...when, revision: c.sha, model: found.model, traffic: found.traffic }
        : { ...when, revision: c.sha, traffic: null };
      appendPoint(timelineOf(name), point);
    }
  }
  return timelines;
}

interface FoundDeployment {
  model?: string;
  traffic: TrafficSplit[];
}

/** The deployment in the first file (by path) that declares it. */
function locate(
  name: string,
  files: ReadonlySet<string> | undefined,
  fileBlobs: Map<string, string>,
  docsByBlob: Map<string, Map<string, FoundDeployment>>,
): FoundDeployment | undefined {
  let best: { file: string; found: FoundDeployment } | undefined;
  for (const file of files ?? []) {
    const found = docsByBlob.get(fileBlobs.get(file) ?? '')?.get(name);
    if (found && (!best || file < best.file)) best = { file, found };
  }
  return best?.found;
}

/** Deployments declared in one file's documents. */
function deploymentsIn(docs: readonly unknown[], wanted: Set<string> | undefined): Map<string, FoundDeployment> {
  const out = new Map<string, FoundDeployment>();
  for (const doc of docs) {
    if (!isRecord(doc) || doc.kind !== 'Deployment' || !isRecord(doc.metadata) || !isRecord(doc.spec)) continue;
    const name = doc.metadata.name;
    if (typeof name !== 'string' || (wanted && !wanted.has(name)) || out.has(name)) continue;
    const traffic = Array.isArray(doc.spec.traffic)
      ? doc.spec.traffic.filter(isRecord).map((t) => ({
          version: String(t.version),
          percent: typeof t.percent === 'number' ? t.percent : Number(t.percent) || 0,
        }))
      : [];
    out.set(name, { ...(typeof doc.spec.model === 'string' ? { model: doc.spec.model } : {}), traffic });
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
