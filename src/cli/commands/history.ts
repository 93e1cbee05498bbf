import { showHistory } from '../../app/history.js';
import { render } from '../../format/registry.js';
import { KINDS } from '../../kinds/index.js';
import { UserError } from '../../model/errors.js';
import type { HistoryFilter } from '../../state/store.js';
import { didYouMean } from '../../validate/suggest.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { HistoryOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

export async function execute(options: HistoryOptions, _args: string[], io: CliIO): Promise<number> {
  const filter = options.resource === undefined ? {} : parseResource(options.resource);
  const result = await showHistory({
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    state: options.state,
    stateFromEnv: io.env.SLIPWAY_STATE,
    env: options.env,
    filter,
    verify: options.verify === true,
  });
  io.stdout.write(await render('history', options.format, result.report, {}));
  return RESULT_EXIT.history[result.kind];
}

/** `Deployment/fraud-detector` (or just `Deployment`, the kind in any case) into a history filter. */
function parseResource(value: string): HistoryFilter {
  const [given = '', name, ...rest] = value.split('/');
  const kind = KINDS.find((k) => k.toLowerCase() === given.toLowerCase());
  if (kind === undefined || rest.length > 0 || name === '') {
    const suggestion =
      kind === undefined ? didYouMean(given, KINDS)?.replace(/`(.*)`/, `\`$1${name ? `/${name}` : ''}\``) : undefined;
    throw new UserError(`--resource ${JSON.stringify(value)} is not Kind/name`, {
      hint: `${suggestion ? `${suggestion} ` : ''}e.g. Deployment/fraud-detector; kinds: ${KINDS.join(', ')}`,
    });
  }
  return name === undefined ? { kind } : { kind, name };
}
