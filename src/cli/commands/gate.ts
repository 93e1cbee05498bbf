import { z } from 'zod';
import type { GateReport } from '../../gate/evaluate.js';
import { runGate, type GateRun } from '../../gate/run.js';
import { EXIT } from '../errors.js';
import { useColor, type CliIO } from '../io.js';
import { resolveRepo } from '../repo.js';

const GateOptions = z.object({
  repo: z.string(),
  base: z.string().min(1),
  head: z.string().min(1),
  state: z.string().optional(),
  format: z.enum(['text', 'json', 'markdown']),
  github: z.boolean().optional(),
});
type GateOptions = z.infer<typeof GateOptions>;

export async function execute(raw: Record<string, unknown>, _args: string[], io: CliIO): Promise<number> {
  const options: GateOptions = GateOptions.parse(raw);
  const dir = resolveRepo(options.repo, io);
  const run: GateRun = { dir, base: options.base, head: options.head, now: io.now() };

  const github = options.github ? await (await import('../../gate/github.js')).connectGateGitHub(io) : undefined;
  if (github) run.reviews = await github.reviews();

  const state = options.state === undefined ? undefined : await openState(options.state, dir, io);
  let report: GateReport;
  try {
    if (state) run.state = { store: state.store, label: state.label };
    report = (await runGate(run)).report;
  } finally {
    await state?.store.close();
  }

  io.stdout.write(await render(options.format, report, useColor(io)));
  if (github) await github.publish(report);
  return report.verdict === 'pass' ? EXIT.ok : EXIT.findings;
}

async function openState(flag: string, dir: string, io: CliIO) {
  const { resolveStateLocation } = await import('../../state/url.js');
  const { openStore } = await import('../../state/open.js');
  const location = resolveStateLocation({ flag, repoRoot: dir, cwd: io.cwd });
  // Read-only: a store that does not exist yet is empty, and is not created.
  return { store: await openStore(location, { create: false }), label: location.display };
}

async function render(format: GateOptions['format'], report: GateReport, color: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../../format/gate-text.js')).formatGateText(report, { color });
    case 'json':
      return (await import('../../format/gate-json.js')).formatGateJson(report);
    case 'markdown':
      return (await import('../../format/gate-markdown.js')).formatGateMarkdown(report);
  }
}
