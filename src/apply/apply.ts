import type { ChangeRecord, RecordContext, StateStore } from '../state/store.js';
import { DEFAULT_RETRY, realSleep, withRetry, type RetryPolicy, type Sleep } from './retry.js';
import type { EffectiveChange } from '../model/change.js';
import type { Target } from '../targets/target.js';

export interface ApplyRequest {
  store: StateStore;
  target: Target;
  context: RecordContext;
  changes: readonly EffectiveChange[];
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** Changes recorded per transaction at most; each transaction holds whole resource+audit pairs. */
  batchSize?: number;
  /** Called after each recorded batch, e.g. to renew the lock and report progress. */
  onRecorded?: (done: number, total: number) => Promise<void> | void;
  /** Called when a transient failure is retried. */
  onRetry?: (change: EffectiveChange, attempts: number) => void;
}

export interface ApplyFailure {
  change: EffectiveChange;
  message: string;
  attempts: number;
  transient: boolean;
}

export type ApplyResult =
  | { status: 'applied'; applied: EffectiveChange[] }
  | { status: 'failed'; applied: EffectiveChange[]; failed: ApplyFailure; pending: EffectiveChange[] };

const DEFAULT_BATCH = 200;
/** With a slow target, record what was applied at least this often, to keep the record close to it. */
const FLUSH_MS = 250;

/**
 * Applies changes in order: each to the target (retrying transient errors), then recorded with
 * its audit row. Records are written in transactions of whole changes, so a run killed at any
 * instant leaves the store consistent, and the next plan picks up exactly what is left. A
 * permanent error stops the run; what was applied before it stays recorded.
 */
export async function applyChanges(request: ApplyRequest): Promise<ApplyResult> {
  const { store, target, changes } = request;
  const retry = request.retry ?? DEFAULT_RETRY;
  const sleep = request.sleep ?? realSleep;
  const batchSize = request.batchSize ?? DEFAULT_BATCH;
  const applied: EffectiveChange[] = [];
  let batch: EffectiveChange[] = [];
  let lastFlush = Date.now();
  // A target that delivers the whole environment at once does so first: every row of the run
  // then names what it delivered, and a kill before the rows leaves them to the next run.
  const delivered = changes.length > 0 ? await target.commit?.(request.context.env) : undefined;
  const context = delivered ? { ...request.context, deployCommit: delivered.deployCommit } : request.context;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await store.record(context, batch.map(toRecord));
    applied.push(...batch);
    batch = [];
    lastFlush = Date.now();
    await request.onRecorded?.(applied.length, changes.length);
  };

  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    let tries = 0;
    const outcome = await withRetry(
      async () => {
        tries++;
        if (tries > 1) request.onRetry?.(change, tries - 1);
        await target.apply(context.env, change);
      },
      retry,
      sleep,
    );
    if (!outcome.ok) {
      await flush();
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      return {
        status: 'failed',
        applied,
        failed: { change, message, attempts: outcome.attempts, transient: outcome.transient },
        pending: changes.slice(i + 1),
      };
    }
    batch.push(change);
    if (batch.length >= batchSize || Date.now() - lastFlush >= FLUSH_MS) await flush();
  }
  await flush();
  return { status: 'applied', applied };
}

function toRecord(change: EffectiveChange): ChangeRecord {
  const base = { kind: change.kind, name: change.name, changes: change.diff, ...(change.drift ? { drift: true } : {}) };
  switch (change.action) {
    case 'create':
      return { ...base, action: 'create', after: change.after, hash: change.hash };
    case 'update':
      return { ...base, action: 'update', before: change.before, after: change.after, hash: change.hash };
    case 'delete':
      return { ...base, action: 'delete', before: change.before };
  }
}
