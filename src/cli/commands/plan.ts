import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { observeActual } from '../../apply/observe.js';
import { targetFor } from '../../apply/targets.js';
import { planChanges, stateFingerprint, summarize } from '../../plan/plan.js';
import type { PlanReport } from '../../plan/report.js';
import { openStore } from '../../state/open.js';
import { UserError } from '../../model/errors.js';
import { useColor, type CliIO } from '../io.js';
import { desiredOrReport } from '../desired.js';
import type { PlanOptions } from '../options.js';

export async function execute(options: PlanOptions, _args: string[], io: CliIO): Promise<number> {
  if (options.out !== undefined && options.env.length > 1) {
    throw new UserError(
      `--out saves the plan of one environment; --env names ${options.env.length} (${options.env.join(', ')})`,
      { hint: 'run `slipway plan --env E --out PLAN` once per environment' },
    );
  }
  const desired = await desiredOrReport(options, io, 'plan');
  if (!desired) return 1;
  const reports: PlanReport[] = [];
  // Every environment shares one store (one URL per run), so it is opened once.
  const store = await openStore(desired[0]!.state, { create: false });
  try {
    for (const d of desired) {
      const env = d.env;
      const actual = await observeActual(store, targetFor(d.environment.resource, store), env);
      const changes = planChanges(d.resources, actual);
      reports.push({
        env,
        revision: d.revision.revision,
        dirty: d.revision.dirty,
        stateFingerprint: stateFingerprint(actual),
        createdAt: io.now().toISOString(),
        changes,
        summary: summarize(changes),
      });
    }
  } finally {
    await store.close();
  }
  if (options.out !== undefined) {
    const { formatPlanJson } = await import('../../format/plan-json.js');
    const file = path.resolve(io.cwd, options.out);
    try {
      await writeFile(file, formatPlanJson(reports[0]!));
    } catch (error) {
      throw new UserError(`cannot write plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        hint: 'check that the folder exists and is writable',
      });
    }
  }
  io.stdout.write(await render(options.format, reports, useColor(io)));
  const changed = reports.some((r) => r.summary.add + r.summary.change + r.summary.destroy > 0);
  return options.detailedExitcode && changed ? 2 : 0;
}

/** One environment renders as before; several render one after another (JSON: an array, docs/output.md). */
async function render(format: PlanOptions['format'], reports: PlanReport[], color: boolean): Promise<string> {
  switch (format) {
    case 'text': {
      const { formatPlanText } = await import('../../format/plan-text.js');
      return joinBlocks(reports.map((r) => formatPlanText(r, { color })));
    }
    case 'json': {
      const { formatPlanJson, toPlanJson } = await import('../../format/plan-json.js');
      return reports.length === 1
        ? formatPlanJson(reports[0]!)
        : JSON.stringify(reports.map(toPlanJson), null, 2) + '\n';
    }
    case 'markdown': {
      const { formatPlanMarkdown } = await import('../../format/plan-markdown.js');
      return joinBlocks(reports.map((r) => formatPlanMarkdown(r)));
    }
  }
}

/** Plans one after another: a blank line between them, except between one-line `No changes.` reports. */
function joinBlocks(blocks: string[]): string {
  const oneLine = (b: string) => b.indexOf('\n') === b.length - 1;
  return blocks.reduce(
    (out, block, i) => out + (i > 0 && !(oneLine(block) && oneLine(blocks[i - 1]!)) ? '\n' : '') + block,
    '',
  );
}
