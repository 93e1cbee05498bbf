import { showStatus } from '../../app/status.js';
import { render } from '../../format/registry.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { StatusOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

export async function execute(options: StatusOptions, _args: string[], io: CliIO): Promise<number> {
  const result = await showStatus({
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    state: options.state,
    stateFromEnv: io.env.SLIPWAY_STATE,
    env: options.env,
    rev: options.rev,
  });
  if (result.kind === 'nothing-applied' && options.format === 'text') {
    const { formatNothingApplied } = await import('../../format/status-text.js');
    io.stdout.write(formatNothingApplied(result.store));
  } else io.stdout.write(await render('status', options.format, result.report, { now: io.now() }));
  if (!options.exitCode) return RESULT_EXIT.status[result.kind];
  const { statusVerdict } = await import('../../status/status.js');
  const verdict = statusVerdict(result.report);
  if (verdict === 'unknown') {
    const unknown = result.report.environments.filter((e) => e.sync?.status !== 'synced').map((e) => e.env);
    io.stderr.write(
      `error: cannot tell whether ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} in sync\n`,
    );
  }
  return RESULT_EXIT.statusExitCode[verdict];
}
