import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { applyChanges, type ApplyResult } from '../../apply/apply.js';
import { acquireEnvLock } from '../../apply/lock.js';
import { observeActual } from '../../apply/observe.js';
import type { EffectiveChange } from '../../apply/target.js';
import { targetFor } from '../../apply/targets.js';
import { formatPlanText, describeSource } from '../../format/plan-text.js';
import {
  effective,
  planChanges,
  stateFingerprint,
  summarize,
  type ActualResource,
  type ResourceChange,
} from '../../plan/plan.js';
import type { PlanReport } from '../../plan/report.js';
import { readSavedPlan } from '../../plan/saved.js';
import type { PlanJson } from '../../format/plan-json.js';
import { openStore } from '../../state/open.js';
import { resolveActor } from '../../world/actor.js';
import { parseDurationFlag } from '../duration.js';
import { UserError } from '../../model/errors.js';
import { useColor, type CliIO } from '../io.js';
import type { Desired } from '../../app/desired.js';
import { desiredOrReport } from '../desired.js';
import type { ApplyOptions } from '../options.js';

/** Above this many changes, progress is reported as batches are recorded. */
const PROGRESS_FROM = 1000;

export async function execute(options: ApplyOptions, _args: string[], io: CliIO): Promise<number> {
  const lockTimeoutMs = parseDurationFlag(options.lockTimeout, '--lock-timeout');
  if (options.plan !== undefined && options.rev !== undefined)
    throw new UserError('--plan and --rev cannot be used together', {
      hint: 'a saved plan already names the revision it was made from',
    });
  if (options.plan !== undefined && options.env.length > 1) {
    throw new UserError(
      `a saved plan is for one environment; --env names ${options.env.length} (${options.env.join(', ')})`,
      { hint: `run \`slipway apply --env E --plan ${options.plan}\` with the plan's environment` },
    );
  }
  const desired = await desiredOrReport(options, io, 'apply');
  if (!desired) return 1;
  const saved = options.plan === undefined ? undefined : await readSavedPlan(path.resolve(io.cwd, options.plan));
  // Every environment is checked before the first is touched: a refusal leaves all unchanged.
  for (const d of desired) {
    if (saved && saved.env !== d.env)
      throw new UserError(`plan ${options.plan} is for environment ${saved.env}, not ${d.env}`, {
        hint: `run \`slipway apply --env ${saved.env} --plan ${options.plan}\``,
      });
    const dirty = saved ? saved.dirty : d.revision.dirty;
    if (d.environment.resource.spec.promotion && dirty) {
      throw new UserError(
        `environment ${d.env} has a promotion policy: apply a commit, not a working tree with uncommitted changes`,
        {
          hint: 'commit the changes (through a reviewed pull request), or pass --rev with a commit',
        },
      );
    }
  }
  // In the order given; a failure stops the run, so later environments never get ahead of it.
  for (const d of desired) {
    const code = await applyEnvironment(d, saved, options, lockTimeoutMs, io);
    if (code !== 0) return code;
  }
  return 0;
}

async function applyEnvironment(
  desired: Desired,
  saved: PlanJson | undefined,
  options: ApplyOptions,
  lockTimeoutMs: number,
  io: CliIO,
): Promise<number> {
  const env = desired.env;
  const revision = saved
    ? { revision: saved.revision, dirty: saved.dirty }
    : { revision: desired.revision.revision, dirty: desired.revision.dirty };
  let store = await openStore(desired.state, { create: false });
  try {
    const planFor = (actual: ActualResource[]): ResourceChange[] =>
      saved ? saved.changes : planChanges(desired.resources, actual);
    let actual = await observeActual(store, targetFor(desired.environment.resource, store), env);
    let fingerprint = stateFingerprint(actual);
    if (saved && saved.stateFingerprint !== fingerprint)
      throw stalePlan(options.plan, env, saved.createdAt, saved.revision);
    let changes = planFor(actual);
    if (effective(changes).length === 0) {
      io.stdout.write(`No changes. ${env} matches revision ${describeSource(revision)}.\n`);
      return 0;
    }
    io.stdout.write(formatPlanText(report(env, revision, fingerprint, changes, io), { color: useColor(io) }));
    let confirmed = false;
    if (!options.yes) {
      if (!io.stdinIsTTY || !io.confirm) {
        throw new UserError('apply needs --yes when standard input is not a terminal', {
          hint: `review the plan above, then run \`slipway apply --env ${env} --yes\``,
        });
      }
      if (!(await io.confirm(`Apply these changes to ${env}?`))) {
        io.stderr.write(`Apply cancelled; nothing was changed in ${env}.\n`);
        return 1;
      }
      confirmed = true;
    }

    // The first look may have been at an empty in-memory store: now the file is needed.
    await store.close();
    store = await openStore(desired.state, { create: true });
    const target = targetFor(desired.environment.resource, store);
    const actor = resolveActor(io.env, desired.revision.author);
    const lock = await acquireEnvLock({
      store,
      env,
      owner: actor,
      timeoutMs: lockTimeoutMs,
      now: () => io.now(),
      warn: (m) => io.stderr.write(`warning: ${m}\n`),
    });
    try {
      // Under the lock, look again: another run may have applied while we waited.
      actual = await observeActual(store, target, env);
      const now = stateFingerprint(actual);
      if (now !== fingerprint) {
        if (saved) throw stalePlan(options.plan, env, saved.createdAt, saved.revision);
        if (confirmed)
          throw new UserError(`the state of ${env} changed while waiting for the lock; nothing was applied`, {
            hint: 'run apply again to see the new plan',
            kind: 'refused',
          });
        fingerprint = now;
        changes = planFor(actual);
        if (effective(changes).length === 0) {
          io.stdout.write(
            `No changes. ${env} matches revision ${describeSource(revision)} (another run applied it while this one waited for the lock).\n`,
          );
          return 0;
        }
      }
      const todo = effective(changes);
      let reported = 0;
      const result = await applyChanges({
        store,
        target,
        context: {
          env: env,
          revision: revision.revision,
          dirty: revision.dirty,
          actor,
          at: io.now().toISOString(),
          runId: randomUUID(),
        },
        changes: todo,
        onRecorded: async (done, total) => {
          await lock.renew();
          // About every tenth of a long run, so a person (or a test) sees it advance.
          const step = Math.max(1, Math.floor(total / 10));
          if (total >= PROGRESS_FROM && done < total && Math.floor(done / step) > Math.floor(reported / step))
            io.stderr.write(`applied ${done}/${total} changes\n`);
          reported = done;
        },
        onRetry: (change, attempts) =>
          io.stderr.write(
            `warning: ${change.kind}/${change.name}: transient target error, retrying (attempt ${attempts + 1})\n`,
          ),
      });
      return printResult(result, env, actor, revision, io);
    } finally {
      await lock.release();
    }
  } finally {
    await store.close();
  }
}

function report(
  env: string,
  revision: { revision: string; dirty: boolean },
  fingerprint: string,
  changes: ResourceChange[],
  io: CliIO,
): PlanReport {
  return {
    env,
    revision: revision.revision,
    dirty: revision.dirty,
    stateFingerprint: fingerprint,
    createdAt: io.now().toISOString(),
    changes,
    summary: summarize(changes),
  };
}

function stalePlan(plan: string | undefined, env: string, createdAt: string, revision: string): UserError {
  return new UserError(
    `plan ${plan} is stale: the state of ${env} has changed since it was made (${createdAt}, revision ${describeSource({ revision, dirty: false })}); nothing was applied`,
    {
      hint: `make a new plan with \`slipway plan --env ${env} --out ${plan}\` and review it`,
      kind: 'refused',
    },
  );
}

const names = (changes: readonly EffectiveChange[]): string => {
  const shown = changes.slice(0, 20).map((c) => `${c.kind}/${c.name}`);
  return shown.join(', ') + (changes.length > 20 ? `, and ${changes.length - 20} more` : '');
};

function printResult(
  result: ApplyResult,
  env: string,
  actor: string,
  revision: { revision: string; dirty: boolean },
  io: CliIO,
): number {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const c of result.applied) counts[c.action]++;
  if (result.status === 'applied') {
    io.stdout.write(
      `Apply complete: ${counts.create} added, ${counts.update} changed, ${counts.delete} destroyed in ${env} (revision ${describeSource(revision)}, by ${actor}).\n`,
    );
    return 0;
  }
  const f = result.failed;
  const lines = [
    `error: apply of ${env} stopped at ${f.change.kind}/${f.change.name}: ${f.message} (${f.transient ? 'still failing' : 'permanent error'} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'})`,
    `applied: ${result.applied.length}${result.applied.length ? ` (${names(result.applied)})` : ''}`,
    `failed:  1 (${f.change.kind}/${f.change.name})`,
    `pending: ${result.pending.length}${result.pending.length ? ` (${names(result.pending)})` : ''}`,
    'hint: applied changes are recorded; fix the cause and run apply again to finish',
  ];
  io.stderr.write(lines.join('\n') + '\n');
  return 1;
}
