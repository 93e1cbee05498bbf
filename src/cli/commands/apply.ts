import { applyEnvironments, checkApplyOptions, type ApplyEvent } from '../../app/apply.js';
import {
  breakGlassMessage,
  confirmQuestion,
  deliveredLine,
  formatApplyResult,
  progressLine,
  retryMessage,
} from '../../format/apply-text.js';
import { tookOverMessage } from '../../format/lease.js';
import { formatPlanText } from '../../format/plan-text.js';
import { desiredOptions, writeInvalid } from '../desired.js';
import { parseDurationFlag } from '../duration.js';
import { RESULT_EXIT } from '../exit-codes.js';
import { useColor, type CliIO } from '../io.js';
import type { ApplyOptions } from '../options.js';

/** Above this many changes, progress is reported as batches are recorded. */
const PROGRESS_FROM = 1000;

export async function execute(options: ApplyOptions, _args: string[], io: CliIO): Promise<number> {
  const lockTimeoutMs = parseDurationFlag(options.lockTimeout, '--lock-timeout');
  checkApplyOptions(options);
  const ask = io.confirm;
  const result = await applyEnvironments(
    {
      ...desiredOptions(options, io),
      plan: options.plan,
      yes: options.yes,
      lockTimeoutMs,
      allowUnmerged: options.allowUnmerged,
      as: options.as,
    },
    {
      now: () => io.now(),
      actorEnv: io.env,
      // Only a terminal can answer; elsewhere apply needs --yes.
      ...(io.stdinIsTTY && ask ? { confirm: (report) => ask.call(io, confirmQuestion(report.env)) } : {}),
      onEvent: reporter(io),
    },
  );
  if (result.kind === 'invalid') {
    await writeInvalid(result, io, 'apply');
    return RESULT_EXIT.apply.invalid;
  }
  return RESULT_EXIT.apply[result.results[result.results.length - 1]!.kind];
}

/** Writes each event as it happens: the plan, warnings, progress, and each environment's outcome. */
function reporter(io: CliIO): (event: ApplyEvent) => void {
  /** Per environment: the changes last reported as done. */
  const reported = new Map<string, number>();
  return (event) => {
    switch (event.kind) {
      case 'plan':
        io.stdout.write(formatPlanText(event.report, { color: useColor(io) }));
        return;
      case 'break-glass':
        io.stderr.write(`warning: ${breakGlassMessage(event.env, event.revision, event.reason)}\n`);
        return;
      case 'lock-taken-over':
        io.stderr.write(`warning: ${tookOverMessage(event.env, event.holder, event.reason)}\n`);
        return;
      case 'retry':
        io.stderr.write(`warning: ${retryMessage(event.change, event.attempts)}\n`);
        return;
      case 'progress': {
        // About every tenth of a long run, so a person (or a test) sees it advance.
        const { done, total } = event;
        const before = reported.get(event.env) ?? 0;
        const step = Math.max(1, Math.floor(total / 10));
        if (total >= PROGRESS_FROM && done < total && Math.floor(done / step) > Math.floor(before / step))
          io.stderr.write(progressLine(done, total));
        reported.set(event.env, done);
        return;
      }
      case 'delivered':
        io.stdout.write(deliveredLine(event.delivered));
        return;
      case 'done': {
        const { stream, text } = formatApplyResult(event.result);
        io[stream].write(text);
        return;
      }
    }
  };
}
