import path from 'node:path';
import { initRepository, type InitResult } from '../../app/init.js';
import { UserError } from '../../model/errors.js';
import { ScaffoldError } from '../../world/scaffold.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { InitOptions } from '../options.js';

export async function execute(options: InitOptions, args: string[], io: CliIO): Promise<number> {
  const dir = path.resolve(io.cwd, args[0] ?? '.');
  const relative = path.relative(io.cwd, dir);
  const where = relative === '' ? '.' : relative.startsWith('..') ? dir : relative;
  let result: InitResult;
  try {
    result = await initRepository({ dir, name: options.name });
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    const { scaffoldProblemText } = await import('../../format/init-text.js');
    const { message, hint } = scaffoldProblemText(error.problem);
    throw new UserError(message, { hint, kind: 'usage', cause: error });
  }
  const { formatInitExists, formatInitWritten } = await import('../../format/init-text.js');
  if (result.kind === 'exists') io.stderr.write(formatInitExists(result.existing, where));
  else io.stdout.write(formatInitWritten(result, where));
  return RESULT_EXIT.init[result.kind];
}
