import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { observeActual } from '../../apply/observe.js';
import { targetFor } from '../../apply/targets.js';
import { planChanges, stateFingerprint, summarize } from '../../plan/plan.js';
import type { PlanReport } from '../../plan/report.js';
import { openStore } from '../../state/open.js';
import { UserError } from '../errors.js';
import { useColor, type CliIO } from '../io.js';
import { loadDesired } from '../reconcile.js';

const PlanOptions = z.object({
  repo: z.string(),
  env: z.string(),
  rev: z.string().optional(),
  state: z.string().optional(),
  format: z.enum(['text', 'json', 'markdown']),
  out: z.string().optional(),
  detailedExitcode: z.boolean().optional(),
});
type PlanOptions = z.infer<typeof PlanOptions>;

export async function execute(raw: Record<string, unknown>, _args: string[], io: CliIO): Promise<number> {
  const options: PlanOptions = PlanOptions.parse(raw);
  // --detailed-exitcode: 0 no changes, 2 changes, 1 error; otherwise usage errors keep exit 2.
  const errorCode = options.detailedExitcode ? 1 : undefined;
  try {
    const desired = await loadDesired(options, io, 'plan');
    if (!desired) return 1;
    const store = await openStore(desired.state, { create: false });
    let report: PlanReport;
    try {
      const actual = await observeActual(store, targetFor(desired.environment.resource, store), options.env);
      const changes = planChanges(desired.resources, actual);
      report = {
        env: options.env,
        revision: desired.revision.revision,
        dirty: desired.revision.dirty,
        stateFingerprint: stateFingerprint(actual),
        createdAt: io.now().toISOString(),
        changes,
        summary: summarize(changes),
      };
    } finally {
      await store.close();
    }
    const { formatPlanJson } = await import('../../format/plan-json.js');
    if (options.out !== undefined) {
      const file = path.resolve(io.cwd, options.out);
      try {
        await writeFile(file, formatPlanJson(report));
      } catch (error) {
        throw new UserError(`cannot write plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint: 'check that the folder exists and is writable' });
      }
    }
    io.stdout.write(await render(options.format, report, useColor(io)));
    const changed = report.summary.add + report.summary.change + report.summary.destroy > 0;
    return options.detailedExitcode && changed ? 2 : 0;
  } catch (error) {
    if (errorCode === undefined) throw error;
    if (error instanceof UserError) throw new UserError(error.message, { hint: error.hint, exitCode: errorCode, cause: error });
    throw new UserError(error instanceof Error ? error.message : String(error), { exitCode: errorCode, cause: error });
  }
}

async function render(format: PlanOptions['format'], report: PlanReport, color: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../../format/plan-text.js')).formatPlanText(report, { color });
    case 'json':
      return (await import('../../format/plan-json.js')).formatPlanJson(report);
    case 'markdown':
      return (await import('../../format/plan-markdown.js')).formatPlanMarkdown(report);
  }
}
