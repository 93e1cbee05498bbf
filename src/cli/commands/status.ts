import { UserError } from '../errors.js';
import type { CliIO } from '../io.js';

export async function execute(_options: Record<string, unknown>, _args: string[], _io: CliIO): Promise<number> {
  throw new UserError('`slipway status` is not implemented yet');
}
