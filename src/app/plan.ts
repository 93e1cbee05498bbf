import { UserError } from '../model/errors.js';
import { observeActual } from '../plan/observe.js';
import { planChanges, stateFingerprint } from '../plan/plan.js';
import { planReport, type PlanReport } from '../plan/report.js';
import { openStore } from '../state/open.js';
import type { ValidateReport } from '../validate/report.js';
import { targetOf } from './delivery.js';
import { loadDesired, type DesiredOptions } from './desired.js';

export interface PlanOptions extends DesiredOptions {
  /** `--out`: the plan (of one environment) is to be saved; the command writes the file. */
  out?: string | undefined;
}

export interface PlanPorts {
  /** The clock: when the plan was made. */
  now(): Date;
}

export type PlanResult =
  /** One report per environment, in the order given. */
  | { kind: 'changes' | 'no-changes'; reports: PlanReport[] }
  | { kind: 'invalid'; report: ValidateReport; source: string };

/** `slipway plan`: what apply would change in each environment. */
export async function planEnvironments(options: PlanOptions, ports: PlanPorts): Promise<PlanResult> {
  checkPlanOptions(options);
  const loaded = await loadDesired(options);
  if (loaded.kind === 'invalid') return loaded;
  const desired = loaded.desired;
  const reports: PlanReport[] = [];
  // Every environment shares one store (one URL per run), so it is opened once.
  const store = await openStore(desired[0]!.state, { create: false });
  try {
    for (const d of desired) {
      const { target, delivery } = targetOf(d, store);
      const actual = await observeActual(store, target, d.env);
      reports.push(
        planReport({
          env: d.env,
          revision: d.revision.revision,
          dirty: d.revision.dirty,
          stateFingerprint: stateFingerprint(actual),
          createdAt: ports.now().toISOString(),
          changes: planChanges(d.resources, actual),
          ...(delivery ? { delivery: await delivery.plan() } : {}),
        }),
      );
    }
  } finally {
    await store.close();
  }
  const changed = reports.some((r) => r.summary.add + r.summary.change + r.summary.destroy > 0);
  return { kind: changed ? 'changes' : 'no-changes', reports };
}

/**
 * Refuses options that do not go together. `planEnvironments` checks them too; a command may
 * call this first, to refuse them before it looks at anything else.
 */
export function checkPlanOptions(options: Pick<PlanOptions, 'out' | 'env'>): void {
  if (options.out !== undefined && options.env.length > 1) {
    throw new UserError(
      `--out saves the plan of one environment; --env names ${options.env.length} (${options.env.join(', ')})`,
      { hint: 'run `slipway plan --env E --out PLAN` once per environment' },
    );
  }
}
