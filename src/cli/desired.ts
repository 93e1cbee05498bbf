import type { DesiredOptions } from '../app/desired.js';
import type { ValidateReport } from '../validate/report.js';
import { useColor, type CliIO } from './io.js';
import { resolveRepo } from './repo.js';

/** What plan and apply read the desired states with: the repository, the working directory, `$SLIPWAY_STATE`. */
export function desiredOptions(
  options: { repo: string; env: readonly string[]; rev?: string | undefined; state?: string | undefined },
  io: CliIO,
): DesiredOptions {
  return {
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    stateFromEnv: io.env.SLIPWAY_STATE,
    env: options.env,
    rev: options.rev,
    state: options.state,
  };
}

/** A configuration that does not validate: its findings, and why the command refuses. */
export async function writeInvalid(
  result: { report: ValidateReport; source: string },
  io: CliIO,
  verb: string,
): Promise<void> {
  const { formatText } = await import('../format/text.js');
  io.stderr.write(formatText(result.report, { color: useColor(io, 'stderr') }));
  io.stderr.write(
    `error: refusing to ${verb}: the configuration at ${result.source} is invalid (run \`slipway validate\` for details)\n`,
  );
}
