import type { FormatOptions } from './report.js';
import type { HistoryReport } from '../app/history.js';
import type { RenderedEnvironment } from '../app/render.js';
import type { PlanReport } from '../plan/report.js';
import type { StatusReport } from '../status/status.js';
import type { ValidateReport } from '../validate/report.js';

/** A renderer: pure, from a command's result to the text it prints. */
type Renderer<T, O> = (data: T, options: O) => string;

/** For outputs that have no options. */
type NoOptions = Record<string, never>;

/** What each command renders, with which options, in which formats. */
interface Outputs {
  validate: { data: ValidateReport; options: FormatOptions; formats: 'text' | 'json' | 'sarif' | 'github' };
  /** One report per environment, in the order given. */
  plan: { data: readonly PlanReport[]; options: FormatOptions; formats: 'text' | 'json' | 'markdown' };
  status: { data: StatusReport; options: NoOptions; formats: 'text' | 'json' };
  history: { data: HistoryReport; options: NoOptions; formats: 'text' | 'json' };
  /** One per environment, in the order given. */
  render: { data: readonly RenderedEnvironment[]; options: NoOptions; formats: 'yaml' | 'json' };
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
  plan: {
    text: async () => (await import('./plan-text.js')).formatPlansText,
    json: async () => (await import('./plan-json.js')).formatPlansJson,
    markdown: async () => (await import('./plan-markdown.js')).formatPlansMarkdown,
  },
  status: {
    text: async () => (await import('./status-text.js')).formatStatusText,
    json: async () => (await import('./status-json.js')).formatStatusJson,
  },
  history: {
    text: async () => (await import('./history-text.js')).formatHistoryText,
    json: async () => (await import('./history-json.js')).formatHistoryJson,
  },
  render: {
    yaml: async () => (await import('./render.js')).formatRenderYaml,
    json: async () => (await import('./render.js')).formatRenderJson,
  },
};

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
