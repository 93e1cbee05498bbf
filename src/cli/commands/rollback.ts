import { z } from 'zod';
import { planRollback } from '../../promote/plan.js';
import { rollbackTimeline } from '../../promote/previous.js';
import { acceptPlan, deliver, openCheckout } from '../../promote/workflow.js';
import type { CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';

const RollbackOptions = z.object({
  repo: z.string(),
  env: z.string(),
  to: z.string().optional(),
  branch: z.string().optional(),
  pr: z.boolean().optional(),
});
type RollbackOptions = z.infer<typeof RollbackOptions>;

export async function execute(raw: Record<string, unknown>, args: string[], io: CliIO): Promise<number> {
  const options: RollbackOptions = RollbackOptions.parse(raw);
  const model = args[0]!.trim();
  const root = resolveRepo(options.repo, io);
  const checkout = await openCheckout(root);
  const request = { model, env: options.env, ...(options.to !== undefined ? { to: options.to } : {}), ...(options.branch !== undefined ? { branch: options.branch } : {}) };
  const timeline = options.to === undefined ? await rollbackTimeline(checkout, model, options.env, io.env, io.cwd) : undefined;
  const plan = acceptPlan(planRollback(checkout.input, request, timeline), (s) => io.stdout.write(s));
  if (!plan) return 0;
  return deliver(checkout, plan, { pr: options.pr === true, env: io.env, out: (s) => io.stdout.write(s), err: (s) => io.stderr.write(s), now: io.now() });
}
