import path from 'node:path';
import { readAhead } from '../../load/read-ahead.js';
import type { FormatOptions, ValidateReport } from '../../format/report.js';
import { summaryLine } from '../../format/summary.js';
import { EXIT } from '../errors.js';
import { useColor, type CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';
import type { ValidateOptions } from '../options.js';

export async function execute(options: ValidateOptions, _args: string[], io: CliIO): Promise<number> {
  const root = resolveRepo(options.repo, io);
  // Reading starts first, on its own thread; the rules load here between the batches of files
  // the parser takes as they arrive.
  const source = readAhead(root);
  const rules = import('../../validate/index.js');
  rules.catch(() => undefined); // awaited below; a failure to load surfaces there
  const { loadTree } = await import('../../load/load-tree.js');
  const loaded = await loadTree(source);
  const result = (await rules).validateTree(loaded);
  const report: ValidateReport = {
    diagnostics: result.diagnostics,
    fileCount: result.fileCount,
    errors: result.errors,
    warnings: result.warnings,
    texts: loaded.texts,
  };
  // `--output -` is standard output, as in most tools.
  const target =
    options.output === undefined || options.output === '-' ? undefined : path.resolve(io.cwd, options.output);
  const formatOptions: FormatOptions = { color: target === undefined && useColor(io) };
  const prefix = workspacePrefix(root, io);
  if (prefix) formatOptions.pathPrefix = prefix;
  const text = await render(options.format, report, formatOptions);
  if (target === undefined) {
    io.stdout.write(text);
  } else {
    const { writeFileAtomic } = await import('../write-atomic.js');
    await writeFileAtomic(target, text);
    io.stderr.write(`${summaryLine(report)}; report written to ${path.relative(io.cwd, target) || target}\n`);
  }
  return result.errors > 0 ? EXIT.findings : EXIT.ok;
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

async function render(
  format: ValidateOptions['format'],
  report: ValidateReport,
  options: FormatOptions,
): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../../format/text.js')).formatText(report, options);
    case 'json':
      return (await import('../../format/json.js')).formatJson(report);
    case 'sarif':
      return (await import('../../format/sarif.js')).formatSarif(report, options);
    case 'github':
      return (await import('../../format/github.js')).formatGithub(report, options);
  }
}
