import { existsSync } from 'node:fs';
import { UserError } from '../model/errors.js';
import { deploymentTimeline } from '../history/from-git.js';
import { stateTimelines } from '../history/from-state.js';
import { trafficStates } from '../history/timeline.js';
import { openStore } from '../state/open.js';
import { resolveStateLocation } from '../state/url.js';
import {
  deploymentOf,
  planRollback,
  type PlanOutcome,
  type RollbackRequest,
  type RollbackTimeline,
} from '../promote/plan.js';
import {
  deliverOutcome,
  openCheckout,
  type Checkout,
  type DeliveryOptions,
  type DeliveryPorts,
  type PromotionResult,
} from './promotion.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `slipway rollback`: a commit that moves the traffic of MODEL in an environment back to a
 * version it had, on its own branch. Without `to`, the previous full version comes from the
 * state store's audit log or the git history. `cwd` resolves a relative `$SLIPWAY_STATE`.
 */
export async function rollback(
  request: RollbackRequest,
  options: DeliveryOptions,
  ports: DeliveryPorts,
): Promise<PromotionResult> {
  const checkout = await openCheckout(options.root);
  const timeline =
    request.to === undefined
      ? await rollbackTimeline(checkout, request.model, request.env, request.from, options.vars, options.cwd)
      : undefined;
  const outcome: PlanOutcome =
    timeline === 'no-state'
      ? {
          type: 'refused',
          kind: 'refused',
          message: `--from-state: there is no state store history of ${request.model} in ${request.env}`,
          hint: 'pass --from-git, or --to VERSION',
        }
      : planRollback(checkout.input, request, timeline);
  return deliverOutcome(checkout, outcome, options, ports);
}

/**
 * Where a rollback without `--to` learns which version was live before: the state store's
 * audit log when the project has one with history for the Deployment (what was actually
 * applied), else the first-parent git history of HEAD (what was merged). `from` picks one.
 * `no-state`: `--from-state` with no history in a state store.
 */
async function rollbackTimeline(
  checkout: Checkout,
  model: string,
  env: string,
  from: RollbackRequest['from'],
  processEnv: Env,
  cwd: string,
): Promise<RollbackTimeline | 'no-state' | undefined> {
  const doc = deploymentOf(checkout.input.config, env, model);
  if (!doc) return undefined;
  const gitSource = checkout.branch ?? checkout.head.slice(0, 7);
  if (from !== 'git') {
    const fromState = await stateTimeline(checkout, env, doc.name, processEnv, cwd);
    if (fromState && fromState.states.length > 0) return { ...fromState, gitSource };
    if (from === 'state') return 'no-state';
  }
  const timeline = await deploymentTimeline(checkout.root, checkout.head, env, doc.name);
  return { states: trafficStates(timeline.points), source: `git history of ${env} on ${gitSource}` };
}

/** Traffic states from the audit log, newest first; undefined when there is no store to read. */
async function stateTimeline(
  checkout: Checkout,
  env: string,
  name: string,
  processEnv: Env,
  cwd: string,
): Promise<RollbackTimeline | undefined> {
  const location = resolveStateLocation({
    env: processEnv.SLIPWAY_STATE,
    project: checkout.input.config.project?.resource.spec.state?.url,
    repoRoot: checkout.root,
    cwd,
  });
  // Never create a store just to read it; a missing SQLite file means no applies yet.
  if (location.type === 'sqlite' && !existsSync(location.file)) return undefined;
  let store;
  try {
    store = await openStore(location, { create: false });
  } catch (error) {
    // A store this build cannot open (e.g. PostgreSQL before it is supported): git still knows.
    if (error instanceof UserError) return undefined;
    throw error;
  }
  try {
    const timeline = (await stateTimelines(store, env, location.display, name)).get(name);
    const last = timeline?.points[timeline.points.length - 1];
    return {
      states: timeline ? trafficStates(timeline.points) : [],
      source: `state store ${location.display}`,
      ...(last ? { live: last.traffic } : {}),
    };
  } finally {
    await store.close();
  }
}
