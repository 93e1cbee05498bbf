import { rollback } from '../../app/rollback.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { RollbackOptions } from '../options.js';
import { deliveryOptions, deliveryPorts, printPromotionResult } from '../promotion.js';

export async function execute(options: RollbackOptions, args: string[], io: CliIO): Promise<number> {
  const result = await rollback(
    {
      model: args[0]!.trim(),
      env: options.env,
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
    },
    { ...deliveryOptions(options, io), cwd: io.cwd },
    deliveryPorts(io),
  );
  printPromotionResult(result, io);
  return RESULT_EXIT.rollback[result.kind];
}
