import { checkPlanOptions, planEnvironments } from '../../app/plan.js';
import { render } from '../../format/registry.js';
import { desiredOptions, writeInvalid } from '../desired.js';
import { RESULT_EXIT } from '../exit-codes.js';
import { useColor, type CliIO } from '../io.js';
import type { PlanOptions } from '../options.js';

export async function execute(options: PlanOptions, _args: string[], io: CliIO): Promise<number> {
  checkPlanOptions(options);
  const result = await planEnvironments({ ...desiredOptions(options, io), out: options.out }, { now: () => io.now() });
  const exit = options.detailedExitcode ? RESULT_EXIT.planDetailed : RESULT_EXIT.plan;
  if (result.kind === 'invalid') {
    await writeInvalid(result, io, 'plan');
    return exit[result.kind];
  }
  // One environment renders as before; several one after another (JSON: an array, docs/output.md).
  io.stdout.write(await render('plan', options.format, result.reports, { color: useColor(io) }));
  return exit[result.kind];
}
