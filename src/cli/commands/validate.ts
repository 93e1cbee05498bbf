import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { fsTree } from '../../load/fs-tree.js';
import { loadTree } from '../../load/load-tree.js';
import { validateTree } from '../../validate/index.js';
import type { ValidateReport } from '../../format/report.js';
import { UserError } from '../errors.js';
import { useColor, type CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';

const ValidateOptions = z.object({
  repo: z.string(),
  format: z.enum(['text', 'json', 'sarif', 'github']),
  output: z.string().optional(),
});
type ValidateOptions = z.infer<typeof ValidateOptions>;

export async function execute(raw: Record<string, unknown>, _args: string[], io: CliIO): Promise<number> {
  const options: ValidateOptions = ValidateOptions.parse(raw);
  const root = resolveRepo(options.repo, io);
  const loaded = await loadTree(fsTree(root));
  const result = validateTree(loaded);
  const report: ValidateReport = { diagnostics: result.diagnostics, fileCount: result.fileCount, errors: result.errors, warnings: result.warnings, texts: loaded.texts };
  const toFile = options.output !== undefined;
  const text = await render(options.format, report, !toFile && useColor(io));
  if (toFile) {
    const target = path.resolve(io.cwd, options.output!);
    try {
      await writeFile(target, text);
    } catch (error) {
      throw new UserError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint: 'check that the folder exists and is writable' });
    }
  } else {
    io.stdout.write(text);
  }
  return result.errors > 0 ? 1 : 0;
}

async function render(format: ValidateOptions['format'], report: ValidateReport, color: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../../format/text.js')).formatText(report, { color });
    case 'json':
      return (await import('../../format/json.js')).formatJson(report);
    case 'sarif':
      return (await import('../../format/sarif.js')).formatSarif(report);
    case 'github':
      return (await import('../../format/github.js')).formatGithub(report);
  }
}
