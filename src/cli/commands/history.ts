import { KINDS, isKind } from '../../kinds/index.js';
import type { HistoryFilter } from '../../state/store.js';
import { UserError } from '../../model/errors.js';
import type { CliIO } from '../io.js';
import { checkEnvironment, openStateContext } from '../state-context.js';
import type { HistoryOptions } from '../options.js';

export async function execute(options: HistoryOptions, _args: string[], io: CliIO): Promise<number> {
  const filter = options.resource === undefined ? {} : parseResource(options.resource);
  const { store, environments } = await openStateContext(options, io, false);
  try {
    checkEnvironment(options.env, environments);
    const entries = await store.history(options.env, filter);
    if (options.format === 'json') io.stdout.write(JSON.stringify({ env: options.env, entries }, null, 2) + '\n');
    else io.stdout.write((await import('../../format/history-text.js')).formatHistoryText(options.env, entries));
    return 0;
  } finally {
    await store.close();
  }
}

/** `Deployment/fraud-detector` (or just `Deployment`) into a history filter. */
function parseResource(value: string): HistoryFilter {
  const [kind, name, ...rest] = value.split('/');
  if (!isKind(kind) || rest.length > 0 || name === '') {
    throw new UserError(`--resource ${JSON.stringify(value)} is not Kind/name`, {
      hint: `e.g. Deployment/fraud-detector; kinds: ${KINDS.join(', ')}`,
    });
  }
  return name === undefined ? { kind } : { kind, name };
}
