import { loadDesired, type Desired, type DesiredOptions } from '../app/desired.js';
import { useColor, type CliIO } from './io.js';
import { resolveRepo } from './repo.js';

/**
 * The desired states plan and apply work on; a configuration that does not validate is printed
 * with its findings, and `undefined` tells the command to exit 1.
 */
export async function desiredOrReport(
  options: Omit<DesiredOptions, 'root' | 'cwd' | 'stateFromEnv'> & { repo: string },
  io: CliIO,
  verb: string,
): Promise<Desired[] | undefined> {
  const result = await loadDesired({
    ...options,
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    stateFromEnv: io.env.SLIPWAY_STATE,
  });
  if (result.kind === 'ok') return result.desired;
  const { formatText } = await import('../format/text.js');
  io.stderr.write(formatText(result.report, { color: useColor(io, 'stderr') }));
  io.stderr.write(
    `error: refusing to ${verb}: the configuration at ${result.source} is invalid (run \`slipway validate\` for details)\n`,
  );
  return undefined;
}
