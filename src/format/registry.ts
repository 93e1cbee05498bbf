import type { FormatOptions } from './report.js';
import type { ValidateReport } from '../validate/report.js';
import type { GateReport } from '../gate/evaluate.js';
import type { GateTextOptions } from './gate-text.js';
import type { GateView } from './gate-view.js';

/** A renderer: pure, from a command's result to the text it prints. */
type Renderer<T, O> = (data: T, options: O) => string;

/** What each command renders, with which options, in which formats. */
interface Outputs {
  validate: { data: ValidateReport; options: FormatOptions; formats: 'text' | 'json' | 'sarif' | 'github' };
  gate: { data: GateReport; options: GateTextOptions; formats: 'text' | 'json' | 'markdown' };
}

type Registry = {
  [C in keyof Outputs]: Record<
    Outputs[C]['formats'],
    () => Promise<Renderer<Outputs[C]['data'], Outputs[C]['options']>>
  >;
};

/**
 * Every command's output formats, in one place. Each renderer's module is imported only when
 * that format is asked for, so a command pays for nothing it does not print.
 */
const FORMATS: Registry = {
  validate: {
    text: async () => (await import('./text.js')).formatText,
    json: async () => (await import('./json.js')).formatJson,
    sarif: async () => (await import('./sarif.js')).formatSarif,
    github: async () => (await import('./github.js')).formatGithub,
  },
  gate: {
    text: async () => viewed((await import('./gate-text.js')).formatGateText),
    json: async () => viewed((await import('./gate-json.js')).formatGateJson),
    markdown: async () => viewed((await import('./gate-markdown.js')).formatGateMarkdown),
  },
};

/** A gate renderer from the report: its sentences are made once, by describeGate. */
async function viewed<O>(renderer: (view: GateView, options: O) => string): Promise<Renderer<GateReport, O>> {
  const { describeGate } = await import('./gate-view.js');
  return (report, options) => renderer(describeGate(report), options);
}

/** Renders a command's result in one of its formats. */
export async function render<C extends keyof Outputs>(
  command: C,
  format: Outputs[C]['formats'],
  data: Outputs[C]['data'],
  options: Outputs[C]['options'],
): Promise<string> {
  const renderer = await FORMATS[command][format]();
  return renderer(data, options);
}
