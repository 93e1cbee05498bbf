import path from 'node:path';
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
  if (options.out !== undefined) {
    // Written whole or not at all (a temporary file and a rename), like `validate --output`.
    const [{ writeFileAtomic }, { formatPlanJson }] = await Promise.all([
      import('../write-atomic.js'),
      import('../../format/plan-json.js'),
    ]);
    await writeFileAtomic(path.resolve(io.cwd, options.out), formatPlanJson(result.reports[0]!), '--out');
  }
  // One environment renders as before; several one after another (JSON: an array, docs/output.md).
  io.stdout.write(await render('plan', options.format, result.reports, { color: useColor(io) }));
  return exit[result.kind];
}
