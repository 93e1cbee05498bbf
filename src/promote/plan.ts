import type { ModelVersion } from '../kinds/model.js';
import type { TypedDoc } from '../load/document.js';
import { didYouMean } from '../validate/suggest.js';
import { declaredKey, type Config, type EnvConfig } from '../world/config.js';
import {
  canarySides,
  describeTraffic,
  promoteTraffic,
  rollbackTraffic,
  type TrafficEntry,
  type TrafficOutcome,
} from './traffic.js';
import { copyDeployment, editTraffic, YamlEditError } from './yaml-edit.js';

/** The configuration a promotion is computed from: one revision, validated. */
export interface PromotionInput {
  config: Config;
  /** File texts by repository-relative path. */
  texts: ReadonlyMap<string, string>;
  /** Short SHA of the revision, for the header of copied Deployments. */
  revision: string;
}

export interface PromoteRequest {
  model: string;
  version: string;
  env: string;
  /** Canary percent (1-99); absent for a full rollout. */
  canary?: number;
  branch?: string;
}

export interface RollbackRequest {
  model: string;
  env: string;
  /** Explicit target; absent means the previous full version from `timeline`. */
  to?: string;
  /** Which source to trust when the state store and git disagree about what is live. */
  from?: 'git' | 'state';
  branch?: string;
}

/** One file written by a promotion. */
export interface FileChange {
  path: string;
  /** Absent when the file is created. */
  before?: string;
  after: string;
}

export interface PromotionPlan {
  action: 'promote' | 'rollback';
  model: string;
  /** The version promoted, or rolled back to. */
  version: string;
  env: string;
  /** Name of the Deployment edited or created. */
  deployment: string;
  canary?: number;
  before: TrafficEntry[];
  after: TrafficEntry[];
  /** Set when the Deployment is new, copied from the previous environment. */
  copiedFrom?: { env: string; file: string };
  change: FileChange;
  /** Commit subject and pull request title. */
  title: string;
  branch: string;
  /** Things worth saying that do not stop the promotion (a deprecated version). */
  notes: string[];
}

/**
 * Why nothing was written: a `usage` error (unknown names), or a refusal by
 * policy or by the state of the configuration (a revoked version, a running canary).
 */
type Refusal = { type: 'refused'; message: string; hint?: string; kind: 'usage' | 'refused' };

export type PlanOutcome = { type: 'plan'; plan: PromotionPlan } | { type: 'unchanged'; message: string } | Refusal;

const usage = (message: string, hint?: string): Refusal => ({ type: 'refused', message, hint, kind: 'usage' });
const policy = (message: string, hint?: string): Refusal => ({ type: 'refused', message, hint, kind: 'refused' });

interface Resolved {
  order: string[];
  envIndex: number;
  env: EnvConfig | undefined;
  versions: ModelVersion[];
}

function resolveNames(config: Config, model: string, env: string): Resolved | Refusal {
  const project = config.project;
  if (!project) {
    return config.declared.has(declaredKey(undefined, 'Project', '*'))
      ? policy(
          'slipway.yaml is not valid, so the environment order is unknown',
          'run `slipway validate` and fix the errors first',
        )
      : usage('no Project found (slipway.yaml)', 'run slipway in the configuration repository, or pass --repo');
  }
  const order = project.resource.spec.environments;
  const envIndex = order.indexOf(env);
  if (envIndex === -1)
    return usage(
      `environment \`${env}\` is not in the project (environments: ${order.join(', ')})`,
      didYouMean(env, order) ?? 'add it to spec.environments in slipway.yaml first',
    );
  const doc = config.models.get(model);
  if (!doc) {
    if (config.declared.has(declaredKey(undefined, 'Model', model)))
      return policy(`model \`${model}\` is not valid`, 'run `slipway validate` and fix its errors first');
    return usage(
      `unknown model \`${model}\``,
      didYouMean(model, config.models.keys()) ??
        `known models: ${[...config.models.keys()].sort().join(', ') || 'none'}`,
    );
  }
  return { order, envIndex, env: config.environments.get(env), versions: doc.resource.spec.versions };
}

/** The policy checks on a version that is about to receive traffic. */
function checkVersion(
  model: string,
  version: string,
  r: Resolved,
  envName: string,
): { version: ModelVersion; notes: string[] } | Refusal {
  const found = r.versions.find((v) => v.version === version);
  if (!found) {
    const known = r.versions.map((v) => v.version);
    return usage(
      `model \`${model}\` has no version ${version}`,
      didYouMean(version, known) ?? `known versions: ${known.join(', ')}`,
    );
  }
  if (found.status === 'revoked')
    return policy(
      `${model} ${version} is revoked and may not receive traffic`,
      'choose another version; revoked versions stay revoked',
    );
  if (found.status === 'candidate' && r.envIndex > 0) {
    return policy(
      `${model} ${version} is a candidate, and candidates may only run in ${r.order[0]} (the first environment), not ${envName}`,
      `approve it first: set status: approved for ${version} in models/${model}/model.yaml`,
    );
  }
  const notes = found.status === 'deprecated' ? [`${model} ${version} is deprecated`] : [];
  return { version: found, notes };
}

type Found = { type: 'found'; doc: TypedDoc<'Deployment'> } | { type: 'none' } | Refusal;

/** The Deployment of `model` in `envName`, when there is exactly one to speak of. */
export function deploymentOf(config: Config, envName: string, model: string): TypedDoc<'Deployment'> | undefined {
  const found = findDeployment(config, config.environments.get(envName), envName, model);
  return found.type === 'found' ? found.doc : undefined;
}

/** The Deployment of `model` in an environment: the one named after the model, or the only one. */
function findDeployment(config: Config, env: EnvConfig | undefined, envName: string, model: string): Found {
  const serving = [...(env?.deployments.values() ?? [])].filter((d) => d.resource.spec.model === model);
  const named = serving.find((d) => d.name === model);
  if (named) return { type: 'found', doc: named };
  if (serving.length === 1) return { type: 'found', doc: serving[0]! };
  if (serving.length > 1) {
    return usage(
      `several Deployments serve ${model} in ${envName} (${serving.map((d) => d.name).join(', ')}), and none is named ${model}`,
      `edit their traffic by hand, or name the main one ${model}`,
    );
  }
  if (config.declared.has(declaredKey(envName, 'Deployment', model)))
    return policy(
      `the Deployment ${model} in ${envName} is not valid`,
      'run `slipway validate` and fix its errors first',
    );
  return { type: 'none' };
}

function edit(doc: TypedDoc<'Deployment'>, input: PromotionInput, next: TrafficEntry[]): FileChange | Refusal {
  const before = input.texts.get(doc.file);
  if (before === undefined) return policy(`${doc.file} cannot be read`);
  try {
    return { path: doc.file, before, after: editTraffic(before, doc.index, next).text };
  } catch (error) {
    if (error instanceof YamlEditError) return policy(`${doc.file}: ${error.message}`, 'edit spec.traffic by hand');
    throw error;
  }
}

function outcomeOf(
  traffic: TrafficOutcome,
  unchanged: string,
): { type: 'change'; next: TrafficEntry[] } | Exclude<PlanOutcome, { type: 'plan' }> {
  switch (traffic.type) {
    case 'change':
      return { type: 'change', next: traffic.next };
    case 'unchanged':
      return { type: 'unchanged', message: unchanged };
    case 'refused':
      return policy(traffic.message, traffic.hint);
  }
}

/** Plans `slipway promote MODEL@VERSION --to ENV [--canary PCT]`. Pure: nothing is written. */
export function planPromotion(input: PromotionInput, request: PromoteRequest): PlanOutcome {
  const { model, version, env: envName, canary } = request;
  const r = resolveNames(input.config, model, envName);
  if ('type' in r) return r;
  const checked = checkVersion(model, version, r, envName);
  if ('type' in checked) return checked;

  const title = `promote ${model} ${version} to ${envName}${canary === undefined ? '' : ` (canary ${canary}%)`}`;
  const branch = request.branch ?? `slipway/promote/${model}-${version}-${envName}`;
  const trafficRequest =
    canary === undefined
      ? ({ type: 'full', version } as const)
      : ({ type: 'canary', version, percent: canary } as const);
  const found = findDeployment(input.config, r.env, envName, model);
  if (found.type === 'refused') return found;

  if (found.type === 'found') {
    const before = found.doc.resource.spec.traffic;
    const traffic = outcomeOf(
      promoteTraffic(before, trafficRequest),
      `${model} in ${envName} already runs ${describeTraffic(before)}; nothing to do`,
    );
    if (traffic.type !== 'change') return traffic;
    const change = edit(found.doc, input, traffic.next);
    if ('type' in change) return change;
    return {
      type: 'plan',
      plan: {
        action: 'promote',
        model,
        version,
        env: envName,
        deployment: found.doc.name,
        canary,
        before,
        after: traffic.next,
        change,
        title,
        branch,
        notes: checked.notes,
      },
    };
  }

  // No Deployment yet: start from the previous environment's.
  const prevName = r.envIndex > 0 ? r.order[r.envIndex - 1] : undefined;
  if (canary !== undefined) {
    return policy(
      `${envName} has no Deployment of ${model} yet, so there is no live version to run a canary against`,
      `promote ${model}@${version} to ${envName} without --canary first`,
    );
  }
  const prev =
    prevName === undefined
      ? undefined
      : findDeployment(input.config, input.config.environments.get(prevName), prevName, model);
  if (!prev || prev.type !== 'found') {
    if (prev?.type === 'refused') return prev;
    const where =
      prevName === undefined
        ? `${envName} is the first environment`
        : `${prevName} (the previous environment) has none either`;
    return policy(
      `${envName} has no Deployment of ${model}, and ${where}`,
      `write environments/${envName}/${model}.yaml by hand first`,
    );
  }
  const source = input.texts.get(prev.doc.file);
  if (source === undefined) return policy(`${prev.doc.file} cannot be read`);
  const path = `environments/${envName}/${prev.doc.file.slice(`environments/${prevName}/`.length)}`;
  const existing = input.texts.get(path);
  const next = [{ version, percent: 100 }];
  let after: string;
  try {
    after = copyDeployment(
      { text: source, docIndex: prev.doc.index, file: prev.doc.file, env: prevName!, revision: input.revision },
      next,
      existing,
    );
  } catch (error) {
    if (error instanceof YamlEditError) return policy(`${prev.doc.file}: ${error.message}`);
    throw error;
  }
  const change: FileChange = existing === undefined ? { path, after } : { path, before: existing, after };
  return {
    type: 'plan',
    plan: {
      action: 'promote',
      model,
      version,
      env: envName,
      deployment: prev.doc.name,
      before: [],
      after: next,
      copiedFrom: { env: prevName!, file: prev.doc.file },
      change,
      title,
      branch,
      notes: checked.notes,
    },
  };
}

/**
 * The version that was live at 100% before the current one: the newest single-version state
 * in `timeline` (newest first) whose version differs from the current single version. During
 * a canary there is no current single version, so it is the newest full one: the stable side
 * (or, when the history does not reach back to it, the split's first entry, where
 * `promote --canary` puts the stable version).
 */
export function previousFullVersion(
  current: readonly TrafficEntry[],
  timeline: ReadonlyArray<readonly TrafficEntry[]>,
): string | undefined {
  const head = current.length === 1 ? current[0]!.version : undefined;
  // Never the minority side of a running canary: that would move traffic towards the canary.
  const minority = canarySides(current)?.minority;
  for (const state of timeline) {
    const only = state.length === 1 ? state[0] : undefined;
    if (only && only.percent === 100 && only.version !== head && only.version !== minority) return only.version;
  }
  // A canary whose start the history does not show: its majority side is the stable version.
  return canarySides(current)?.majority;
}

/** Where a rollback without `--to` found its target, for messages. */
export interface RollbackTimeline {
  /** Traffic states of the Deployment, newest first. */
  states: ReadonlyArray<readonly TrafficEntry[]>;
  /** e.g. `state store sqlite:.slipway/state.db` or `git history of environments/prod/x.yaml`. */
  source: string;
  /**
   * State store only: the traffic it last applied (`null`: deleted). When it differs from the
   * Deployment in git, a rollback needs `from` to say which one is live.
   */
  live?: readonly TrafficEntry[] | null;
  /** Where git's side comes from, for the disagreement message (e.g. `main`). */
  gitSource?: string;
}

/** The same traffic, whatever the entry order. */
function sameSplit(a: readonly TrafficEntry[], b: readonly TrafficEntry[]): boolean {
  const key = (t: readonly TrafficEntry[]) =>
    t
      .filter((e) => e.percent > 0)
      .map((e) => `${e.version}=${e.percent}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/** Plans `slipway rollback MODEL --env ENV [--to VERSION]`. Pure: nothing is written. */
export function planRollback(
  input: PromotionInput,
  request: RollbackRequest,
  timeline?: RollbackTimeline,
): PlanOutcome {
  const { model, env: envName } = request;
  const r = resolveNames(input.config, model, envName);
  if ('type' in r) return r;
  const found = findDeployment(input.config, r.env, envName, model);
  if (found.type === 'refused') return found;
  if (found.type === 'none')
    return policy(`${envName} has no Deployment of ${model}, so there is nothing to roll back`);
  const before = found.doc.resource.spec.traffic;

  let target = request.to;
  const notes: string[] = [];
  // What the chosen source says is live: the state store's last apply, or the Deployment in git.
  let live: readonly TrafficEntry[] = before;
  if (target === undefined && timeline?.live !== undefined && request.from !== 'git') {
    if (timeline.live === null || !sameSplit(timeline.live, before)) {
      if (request.from !== 'state')
        return policy(
          `the ${timeline.source} and git disagree about what is live in ${envName}: the store last applied ${timeline.live === null ? `no Deployment of ${model}` : describeTraffic(timeline.live)}, git${timeline.gitSource ? ` (${timeline.gitSource})` : ''} has ${describeTraffic(before)}`,
          'pass --from-state to roll back from what was applied, or --from-git from what is merged (or --to VERSION)',
        );
      if (timeline.live !== null) live = timeline.live;
    }
  }
  if (target === undefined) {
    target = timeline ? previousFullVersion(live, timeline.states) : undefined;
    if (target === undefined) {
      return policy(
        `no earlier version of ${model} was live at 100% in ${envName}${timeline ? ` (looked in the ${timeline.source})` : ''}`,
        'pass --to VERSION',
      );
    }
    notes.push(`${target} is the version live at 100% before the current one (from the ${timeline!.source})`);
  }
  const canary = canarySides(before);
  if (canary && canary.minority === target)
    return policy(
      `${target} is the minority side of the running canary in ${envName} (${describeTraffic(before)}); a rollback to it would move traffic to the canary`,
      `to finish the canary, \`slipway promote ${model}@${target} --to ${envName}\`; to end it, \`slipway rollback ${model} --env ${envName} --to ${canary.majority}\``,
    );
  const checked = checkVersion(model, target, r, envName);
  if ('type' in checked)
    return checked.kind === 'refused' && request.to === undefined
      ? { ...checked, hint: 'pass --to VERSION with a version that may receive traffic' }
      : checked;
  notes.push(...checked.notes);

  const traffic = outcomeOf(
    rollbackTraffic(before, target),
    `${model} in ${envName} already runs ${target} at 100%; nothing to roll back`,
  );
  if (traffic.type !== 'change') return traffic;
  const change = edit(found.doc, input, traffic.next);
  if ('type' in change) return change;
  return {
    type: 'plan',
    plan: {
      action: 'rollback',
      model,
      version: target,
      env: envName,
      deployment: found.doc.name,
      before,
      after: traffic.next,
      change,
      title: `rollback ${model} in ${envName} to ${target}`,
      branch: request.branch ?? `slipway/rollback/${model}-${target}-${envName}`,
      notes,
    },
  };
}
