import { collectStatus } from '../../status/status.js';
import type { CliIO } from '../io.js';
import { checkEnvironment, openStateContext } from '../state-context.js';
import type { StatusOptions } from '../options.js';

export async function execute(options: StatusOptions, _args: string[], io: CliIO): Promise<number> {
  const { store, environments } = await openStateContext(options, io, false);
  try {
    if (options.env !== undefined) checkEnvironment(options.env, environments);
    const report = await collectStatus(store, options.env !== undefined ? [options.env] : environments);
    if (options.format === 'json') io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else io.stdout.write((await import('../../format/status-text.js')).formatStatusText(report));
    return 0;
  } finally {
    await store.close();
  }
}
