import { unlockEnvironment } from '../../app/unlock.js';
import { formatUnlock } from '../../format/lease.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { UnlockOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

export async function execute(options: UnlockOptions, _args: string[], io: CliIO): Promise<number> {
  const result = await unlockEnvironment({
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    state: options.state,
    stateFromEnv: io.env.SLIPWAY_STATE,
    env: options.env,
  });
  io.stdout.write(formatUnlock(result));
  return RESULT_EXIT.unlock[result.kind];
}
