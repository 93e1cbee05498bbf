import type { GateReport } from '../../gate/evaluate.js';
import { runGate, type GateRun } from '../../gate/run.js';
import { UserError } from '../../model/errors.js';
import { EXIT } from '../exit-codes.js';
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
