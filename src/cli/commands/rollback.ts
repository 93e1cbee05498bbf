import { rollback } from '../../app/rollback.js';
import { UserError } from '../../model/errors.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { RollbackOptions } from '../options.js';
import { deliveryOptions, deliveryPorts, printPromotionResult } from '../promotion.js';

/** `--from-git` / `--from-state`: which source a rollback trusts about what is live. */
function parseFrom(options: RollbackOptions): 'git' | 'state' | undefined {
  if (options.fromGit && options.fromState)
    throw new UserError('--from-git and --from-state exclude each other', {
      hint: 'pass one: --from-state trusts what was applied, --from-git what is merged',
    });
  const from = options.fromGit ? 'git' : options.fromState ? 'state' : undefined;
  if (from !== undefined && options.to !== undefined)
    throw new UserError(`--from-${from} has no effect with --to`, {
      hint: '--to names the version; --from-git/--from-state only choose where the previous version is looked up',
    });
  return from;
}

export async function execute(options: RollbackOptions, args: string[], io: CliIO): Promise<number> {
  const from = parseFrom(options);
  const result = await rollback(
    {
      model: args[0]!.trim(),
      env: options.env,
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
    },
    deliveryOptions(options, io),
    deliveryPorts(io),
  );
  printPromotionResult(result, io);
  return RESULT_EXIT.rollback[result.kind];
}
