import type { AuditBreak, SoakEvidence, SoakSource, VerificationEvidence } from '../gate/checks/types.js';
import { versionsFirstSeen } from '../history/first-seen.js';
import { stateTimelines } from '../history/from-state.js';
import type { BranchClock } from '../history/git-clock.js';
import type { DeploymentTimeline } from '../history/timeline.js';
import { openStore, storeExists } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import type { StateLocation } from '../state/url.js';
import { UserError } from '../model/errors.js';
import type { Config } from '../world/config.js';
import { trustedStateLocation } from './state-context.js';

/** How the gate was told where the state store is: the flag, the variable, and where relative paths start. */
export interface GateStateChoice {
  /** `--state`, when given. */
  flag?: string | undefined;
  /** `$SLIPWAY_STATE`, when set. */
  env?: string | undefined;
  /** Where a relative `--state` or `$SLIPWAY_STATE` path resolves (the working directory). */
  cwd: string;
}

/**
 * The store the gate reads, found as every command finds it: `--state`, else `$SLIPWAY_STATE`,
 * else `spec.state.url` of the base revision (checked against the default branch, as
 * `trustedStateLocation` does for the working tree), else `sqlite:.slipway/state.db`. The head
 * never chooses it: the pull request under review does not pick its own evidence.
 */
export function gateStateLocation(
  dir: string,
  base: { rev: string; config: Config },
  choice: GateStateChoice,
): Promise<StateLocation> {
  const spec = base.config.project?.resource.spec;
  return trustedStateLocation({
    root: dir,
    cwd: choice.cwd,
    state: choice.flag,
    stateFromEnv: choice.env,
    repo: { url: spec?.state?.url, defaultBranch: spec?.defaultBranch, where: `the base revision ${base.rev}` },
  });
}

/** What the gate needs to know, and the evidence it has already read from git. */
export interface EvidenceRequest {
  dir: string;
  base: { rev: string; commit: string };
  location: StateLocation;
  /** Environments promotions come from: their soak evidence. */
  fromEnvs: ReadonlySet<string>;
  /** Versions promoted out of those environments: when each first appeared on the base branch. */
  versions: ReadonlyArray<{ model: string; version: string }>;
  /** Environments promoted into that require `data verify` runs. */
  verifiedEnvs: ReadonlySet<string>;
  /** Environments whose canaries step under `promotion.canary.minStepInterval`: how long their split has run. */
  stepEnvs: ReadonlySet<string>;
  /** The base branch's clock, and its timelines of an environment: read once for the whole gate. */
  clock: () => Promise<BranchClock>;
  gitTimelines: (env: string) => Promise<DeploymentTimeline[]>;
}

export interface GateEvidence {
  soak: SoakEvidence;
  verifications?: VerificationEvidence;
}

/**
 * Soak evidence, and `data verify` runs, from the state store when it holds applied history.
 * A SQLite store whose file does not exist has none (a fresh CI clone with the default store):
 * git history of the base branch stands in, and the report says so. A store that exists is
 * read: one that cannot be reached is an error, never a quiet fallback, and the audit log of
 * each environment read must verify (`history --verify`), or its evidence is refused.
 */
export async function gatherEvidence(request: EvidenceRequest): Promise<GateEvidence> {
  const { location } = request;
  // The environments whose history is read: those promoted from, and those whose canaries step.
  const envs = new Set([...request.fromEnvs, ...request.stepEnvs]);
  if (!storeExists(location)) return { soak: await gitSoak(request, envs) };
  const source: Extract<SoakSource, { kind: 'state-store' }> = { kind: 'state-store', store: location.display };
  if (envs.size === 0 && request.verifiedEnvs.size === 0)
    return { soak: { source, timelines: new Map(), broken: new Map() } };
  const store = await openStore(location, { create: false }).catch((error: unknown) => {
    throw unreadable(error);
  });
  try {
    const timelines = new Map<string, DeploymentTimeline[]>();
    const broken = new Map<string, AuditBreak>();
    for (const env of envs) {
      const chain = await store.verifyAudit(env);
      if (!chain.intact) broken.set(env, { problem: chain.problem, id: chain.id });
      else timelines.set(env, [...(await stateTimelines(store, env, location.display)).values()]);
    }
    return {
      soak: { source, timelines, broken },
      verifications: await passingVerifications(store, location.display, request.verifiedEnvs),
    };
  } catch (error) {
    throw unreadable(error);
  } finally {
    await store.close();
  }
}

/** A store that exists but cannot be read: the error as it is, and why the gate does not look elsewhere. */
function unreadable(error: unknown): unknown {
  if (!(error instanceof UserError)) return error;
  const why =
    'the gate reads soak evidence from this store, and never falls back to git history for a store it cannot read';
  return new UserError(error.message, {
    hint: error.hint === undefined ? why : `${error.hint}; ${why}`,
    // Whatever the driver's wording, a store that exists and cannot be read is the environment's fault.
    kind: error.kind === 'usage' ? 'environment' : error.kind,
    cause: error,
  });
}

async function gitSoak(request: EvidenceRequest, envs: ReadonlySet<string>): Promise<SoakEvidence> {
  const { dir, base, location } = request;
  const source: Extract<SoakSource, { kind: 'git-history' }> = {
    kind: 'git-history',
    rev: base.rev,
    fallback: { reason: 'store-missing', store: location.display, from: location.from },
  };
  if (envs.size === 0) return { source, timelines: new Map(), firstSeen: new Map() };
  const timelines = new Map<string, DeploymentTimeline[]>();
  const [firstSeen] = await Promise.all([
    request.fromEnvs.size === 0
      ? new Map()
      : request.clock().then((clock) => versionsFirstSeen(dir, base.commit, request.versions, clock)),
    ...[...envs].map(async (env) => void timelines.set(env, await request.gitTimelines(env))),
  ]);
  return { source, timelines, firstSeen };
}

/** Each source's newest passing `data verify` run, in the environments promoted into that require one. */
async function passingVerifications(
  store: StateStore,
  label: string,
  envs: ReadonlySet<string>,
): Promise<VerificationEvidence> {
  const passing = new Map<string, Map<string, string>>();
  for (const env of envs)
    passing.set(env, new Map((await store.lastVerifications(env, { status: 'pass' })).map((v) => [v.source, v.at])));
  return { store: label, passing };
}
