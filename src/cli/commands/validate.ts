import path from 'node:path';
import { validateRepository } from '../../app/validate.js';
import { render } from '../../format/registry.js';
import type { FormatOptions } from '../../format/report.js';
import { validateSummaryLine } from '../../format/summary.js';
import { RESULT_EXIT } from '../exit-codes.js';
import { useColor, type CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';
import type { ValidateOptions } from '../options.js';

export async function execute(options: ValidateOptions, _args: string[], io: CliIO): Promise<number> {
  const root = resolveRepo(options.repo, io);
  const result = await validateRepository(root);
  // `--output -` is standard output, as in most tools.
  const target =
    options.output === undefined || options.output === '-' ? undefined : path.resolve(io.cwd, options.output);
  const formatOptions: FormatOptions = { color: target === undefined && useColor(io) };
  const prefix = workspacePrefix(root, io);
  if (prefix) formatOptions.pathPrefix = prefix;
  const text = await render('validate', options.format, result.report, formatOptions);
  if (target === undefined) {
    io.stdout.write(text);
  } else {
    const { writeFileAtomic } = await import('../write-atomic.js');
    await writeFileAtomic(target, text);
    io.stderr.write(
      `${validateSummaryLine(result.report)}; report written to ${path.relative(io.cwd, target) || target}\n`,
    );
  }
  return RESULT_EXIT.validate[result.kind];
}

/**
 * In GitHub Actions, annotations and code scanning resolve paths against the workspace, so a
 * `--repo` below it (a config folder in a monorepo) must prefix the repository-relative paths.
 */
function workspacePrefix(root: string, io: CliIO): string | undefined {
  const workspace = io.env.GITHUB_WORKSPACE;
  if (!workspace) return undefined;
  const rel = path.relative(path.resolve(workspace), root);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
