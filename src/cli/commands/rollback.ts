import { planRollback } from '../../promote/plan.js';
import { rollbackTimeline } from '../../promote/previous.js';
import { acceptPlan, deliver, openCheckout } from '../../promote/workflow.js';
import type { CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';
import type { RollbackOptions } from '../options.js';

export async function execute(options: RollbackOptions, args: string[], io: CliIO): Promise<number> {
  const model = args[0]!.trim();
  const root = resolveRepo(options.repo, io);
  const checkout = await openCheckout(root);
  const request = {
    model,
    env: options.env,
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.branch !== undefined ? { branch: options.branch } : {}),
  };
  const timeline =
    options.to === undefined ? await rollbackTimeline(checkout, model, options.env, io.env, io.cwd) : undefined;
  const plan = acceptPlan(planRollback(checkout.input, request, timeline), (s) => io.stdout.write(s));
  if (!plan) return 0;
  return deliver(checkout, plan, {
    pr: options.pr === true,
    env: io.env,
    out: (s) => io.stdout.write(s),
    err: (s) => io.stderr.write(s),
    now: io.now(),
  });
}
