import type { EnvironmentApplyResult } from '../app/apply.js';
import type { EffectiveChange } from '../model/change.js';
import type { Delivered } from '../targets/kubernetes.js';
import { inline } from './escape.js';
import { lockedError, lockLostError } from './lease.js';
import { describeSource, shortRevision } from './plan-text.js';
import { plural } from './style.js';

/** Where a line goes: results people wait for on standard output, refusals and failures on standard error. */
export interface Written {
  stream: 'stdout' | 'stderr';
  text: string;
}

const error = (e: { message: string; hint: string }): string =>
  `error: ${inline(e.message)}\nhint: ${inline(e.hint)}\n`;

const names = (changes: readonly EffectiveChange[]): string => {
  const shown = changes.slice(0, 20).map((c) => `${c.kind}/${c.name}`);
  return shown.join(', ') + (changes.length > 20 ? `, and ${changes.length - 20} more` : '');
};

/** What `apply` prints when an environment is finished with. */
export function formatApplyResult(result: EnvironmentApplyResult): Written {
  switch (result.kind) {
    case 'applied': {
      const { counts } = result;
      return {
        stream: 'stdout',
        text: `${inline(`Apply complete: ${counts.create} added, ${counts.update} changed, ${counts.delete} destroyed in ${result.env} (revision ${describeSource(result.revision)}, by ${result.actor}${result.breakGlass ? `; break-glass: ${result.breakGlass.join(', ')}` : ''}).`)}\n`,
      };
    }
    case 'no-changes':
      return {
        stream: 'stdout',
        text: `${inline(`No changes. ${result.env} matches revision ${describeSource(result.revision)}${result.reason === 'applied-meanwhile' ? ' (another run applied it while this one waited for the lock)' : ''}.`)}\n`,
      };
    case 'cancelled':
      return { stream: 'stderr', text: `Apply cancelled; nothing was changed in ${inline(result.env)}.\n` };
    case 'failed': {
      const f = result.failed;
      const lines = [
        `error: apply of ${result.env} stopped at ${f.change.kind}/${f.change.name}: ${f.message} (${f.transient ? 'still failing' : 'permanent error'} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'})`,
        `applied: ${result.applied.length}${result.applied.length ? ` (${names(result.applied)})` : ''}`,
        `failed:  1 (${f.change.kind}/${f.change.name})`,
        `pending: ${result.pending.length}${result.pending.length ? ` (${names(result.pending)})` : ''}`,
        'hint: applied changes are recorded; fix the cause and run apply again to finish',
      ];
      return { stream: 'stderr', text: lines.map(inline).join('\n') + '\n' };
    }
    case 'stale-plan':
      return {
        stream: 'stderr',
        text: error({
          message: `plan ${result.plan} is stale: the state of ${result.env} has changed since it was made (${result.createdAt}, revision ${describeSource({ revision: result.revision, dirty: false })}); nothing was applied`,
          hint: `make a new plan with \`slipway plan --env ${result.env} --out ${result.plan}\` and review it`,
        }),
      };
    case 'plan-mismatch':
      return {
        stream: 'stderr',
        text: error({
          message: `plan ${result.plan} does not match what revision ${describeSource({ revision: result.revision, dirty: false })} gives for ${result.env} (${result.differ.slice(0, 5).join(', ')}${result.differ.length > 5 ? `, and ${result.differ.length - 5} more` : ''} differ); nothing was applied`,
          hint: `a saved plan is re-made from the repository before it is applied; make a new plan with \`slipway plan --env ${result.env} --out ${result.plan}\` and review it`,
        }),
      };
    case 'locked':
      return { stream: 'stderr', text: error(lockedError(result.env, result.holder)) };
    case 'lock-lost':
      return { stream: 'stderr', text: error(lockLostError(result.env)) };
  }
}

/** The question asked before applying. */
export function confirmQuestion(env: string): string {
  return `Apply these changes to ${inline(env)}?`;
}

/** The line (without `warning: `) for a change tried again after a transient target error. */
export function retryMessage(change: EffectiveChange, attempts: number): string {
  return `${inline(`${change.kind}/${change.name}`)}: transient target error, retrying (attempt ${attempts + 1})`;
}

/** A progress line of a long apply. */
export function progressLine(done: number, total: number): string {
  return `applied ${done}/${total} changes\n`;
}

/** The warning (without `warning: `) when `--allow-unmerged` overrides the merged-commit control. */
export function breakGlassMessage(env: string, revision: string, reason: string): string {
  return inline(
    `--allow-unmerged: applying ${revision.slice(0, 7)} to ${env} although ${reason.replace(/^cannot tell/, 'slipway cannot tell')}; every audit row of this apply records it`,
  );
}

/** What apply did to the deploy branch, before it records the changes. */
export function deliveredLine(d: Delivered): string {
  const pushed = d.pushed ? `; pushed to origin` : '';
  if (d.kind === 'unchanged')
    return `Deploy branch ${inline(d.branch)} already holds these manifests (${shortRevision(d.commit)}): nothing committed${pushed}.\n`;
  return `Committed ${shortRevision(d.commit)} to ${inline(d.branch)}${d.previous === null ? ' (created)' : ''}: ${plural(d.objects, 'object')} in ${inline(d.path)}/manifest.yaml${pushed}.\n`;
}
