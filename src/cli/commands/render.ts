import path from 'node:path';
import { checkRenderOptions, renderEnvironments } from '../../app/render.js';
import { formatNotEnforcedText } from '../../format/not-enforced-text.js';
import { render } from '../../format/registry.js';
import { writeInvalid } from '../desired.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { RenderOptions } from '../options.js';
import { resolveRepo } from '../repo.js';
import { writeFolderAtomic } from '../write-folder.js';

/**
 * `slipway render`: the manifests on standard output (YAML, or JSON with the not-enforced list
 * inside), or with `--out` the deploy folder written as apply commits it. What the target does
 * not enforce goes to standard error, so standard output stays a valid manifest stream.
 */
export async function execute(options: RenderOptions, _args: string[], io: CliIO): Promise<number> {
  checkRenderOptions(options);
  const result = await renderEnvironments({
    root: resolveRepo(options.repo, io),
    cwd: io.cwd,
    env: options.env,
    rev: options.rev,
    folder: options.out !== undefined,
  });
  if (result.kind === 'invalid') {
    await writeInvalid(result, io, 'render');
    return RESULT_EXIT.render[result.kind];
  }
  for (const e of result.environments) {
    if (e.dirty)
      io.stderr.write(
        `warning: ${e.env} was rendered from a working tree with uncommitted changes: apply renders a commit, and its manifests may differ\n`,
      );
    if (options.format === 'yaml') io.stderr.write(formatNotEnforcedText(e.env, e.notEnforced));
  }
  if (options.out === undefined) {
    io.stdout.write(await render('render', options.format, result.environments, {}));
    return RESULT_EXIT.render[result.kind];
  }
  const e = result.environments[0]!;
  const dir = path.resolve(io.cwd, options.out);
  await writeFolderAtomic(dir, e.files!);
  io.stdout.write(
    `Wrote ${e.objects.length} object${e.objects.length === 1 ? '' : 's'} of ${e.env} to ${options.out}: ${Object.keys(e.files!).join(', ')}.\n`,
  );
  return RESULT_EXIT.render[result.kind];
}
