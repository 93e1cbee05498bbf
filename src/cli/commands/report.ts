import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildReport } from '../../app/report.js';
import { render } from '../../format/registry.js';
import { writeInvalid } from '../desired.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { ReportOptions } from '../options.js';
import { resolveRepo } from '../repo.js';

export async function execute(options: ReportOptions, _args: string[], io: CliIO): Promise<number> {
  const target = path.resolve(io.cwd, options.out);
  const result = await buildReport(
    {
      root: resolveRepo(options.repo, io),
      cwd: io.cwd,
      state: options.state,
      stateFromEnv: io.env.SLIPWAY_STATE,
      rev: options.rev,
    },
    { now: () => io.now() },
  );
  if (result.kind === 'invalid') {
    await writeInvalid(result, io, 'write the report');
    return RESULT_EXIT.report[result.kind];
  }
  const { writeFileAtomic } = await import('../write-atomic.js');
  // `--out public/index.html` in a fresh CI checkout: the folder is made, as a publishing step expects.
  await mkdir(path.dirname(target), { recursive: true }).catch(() => undefined);
  await writeFileAtomic(target, await render('report', 'html', result.report, {}), '--out');
  const { reportWrittenLine } = await import('../../format/report-html.js');
  io.stdout.write(reportWrittenLine(result.report, path.relative(io.cwd, target) || target));
  return RESULT_EXIT.report[result.kind];
}
