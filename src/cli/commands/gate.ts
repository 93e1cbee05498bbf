import { runGate, type GateRequest } from '../../app/gate.js';
import type { GateGitHub } from '../../app/gate-github.js';
import { render } from '../../format/registry.js';
import { UserError } from '../../model/errors.js';
import { RESULT_EXIT } from '../exit-codes.js';
import { useColor, type CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';
import type { GateOptions } from '../options.js';

export async function execute(options: GateOptions, _args: string[], io: CliIO): Promise<number> {
  for (const flag of ['base', 'head'] as const) {
    if (options[flag].trim() === '')
      throw new UserError(`--${flag} is empty`, {
        hint: `name a revision, e.g. --${flag} ${flag === 'base' ? 'origin/main' : 'HEAD'}`,
      });
  }
  const dir = resolveRepo(options.repo, io);
  const request: GateRequest = {
    dir,
    base: options.base,
    head: options.head,
    now: io.now(),
    state: { flag: options.state, env: io.env.SLIPWAY_STATE, cwd: io.cwd },
  };

  let github: GateGitHub | undefined;
  if (options.github) {
    const { connectGateGitHub } = await import('../../app/gate-github.js');
    github = await connectGateGitHub(io.env, { log: (line) => io.stderr.write(`${line}\n`), now: io.now });
    request.reviews = await github.reviews();
  }

  const result = await runGate(request);
  io.stdout.write(await render('gate', options.format, result.report, { color: useColor(io) }));
  if (github) {
    const { formatGatePost } = await import('../../format/gate-github.js');
    await github.publish(result.report, formatGatePost(result.report));
  }
  return RESULT_EXIT.gate[result.kind];
}
