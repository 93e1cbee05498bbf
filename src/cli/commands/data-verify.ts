import { verifyData } from '../../app/data-verify.js';
import { render } from '../../format/registry.js';
import { writeInvalid } from '../desired.js';
import { parseDurationFlag } from '../duration.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { DataVerifyOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

/** `data verify --env E`: every declared check of the environment's data sources; 0 when none failed or errored. */
export async function execute(options: DataVerifyOptions, _args: string[], io: CliIO): Promise<number> {
  const timeoutMs = parseDurationFlag(options.timeout, '--timeout');
  const result = await verifyData(
    {
      root: resolveRepo(options.repo, io),
      cwd: io.cwd,
      stateFromEnv: io.env.SLIPWAY_STATE,
      env: options.env,
      sources: options.source ?? [],
      state: options.state,
      record: options.record,
      strict: options.strict ?? false,
      timeoutMs,
    },
    { now: () => io.now(), variables: io.env },
  );
  if (result.kind === 'invalid') {
    await writeInvalid(result, io, 'verify');
    return RESULT_EXIT.dataVerify.invalid;
  }
  io.stdout.write(await render('data verify', options.format, result.result, {}));
  return RESULT_EXIT.dataVerify[result.kind];
}
