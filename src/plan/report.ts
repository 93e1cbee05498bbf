import type { ResourceChange } from '../model/change.js';
import type { DeliveryPlan } from '../render/types.js';
import { summarize, type PlanSummary } from './plan.js';

/** A plan with what it was made from: what formatters render and `--out` saves. */
export interface PlanReport {
  env: string;
  /** Commit SHA, or `working-tree`. */
  revision: string;
  dirty: boolean;
  /** Fingerprint of the environment's recorded and live state the plan was computed against. */
  stateFingerprint: string;
  /** ISO 8601. */
  createdAt: string;
  changes: ResourceChange[];
  summary: PlanSummary;
  /** For a kubernetes target: what applying would do to the deploy branch. */
  delivery?: DeliveryPlan;
}

/** The report of `changes`, with their summary. */
export function planReport(plan: Omit<PlanReport, 'summary'>): PlanReport {
  return { ...plan, summary: summarize(plan.changes) };
}
