import type { FormatOptions } from './report.js';
import type { HistoryReport } from '../app/history.js';
import type { RenderedEnvironment } from '../app/render.js';
import type { PlanReport } from '../plan/report.js';
import type { AccessCheck, AccessExplanation, PiiReport, WhoCan } from '../access/index.js';
import type { OperatorReport } from '../status/report.js';
import type { StatusReport } from '../status/status.js';
import type { StatusTextOptions } from './status-text.js';
import type { ValidateReport } from '../validate/report.js';
import type { GateReport } from '../gate/evaluate.js';
import type { GateTextOptions } from './gate-text.js';
import type { GateView } from './gate-view.js';
import type { VerifyResult } from '../data/result.js';

/** A renderer: pure, from a command's result to the text it prints. */
type Renderer<T, O> = (data: T, options: O) => string;

/** For outputs that have no options. */
type NoOptions = Record<string, never>;

/** What each command renders, with which options, in which formats. */
interface Outputs {
  validate: { data: ValidateReport; options: FormatOptions; formats: 'text' | 'json' | 'sarif' | 'github' };
  /** One report per environment, in the order given. */
  plan: { data: readonly PlanReport[]; options: FormatOptions; formats: 'text' | 'json' | 'markdown' };
  status: { data: StatusReport; options: StatusTextOptions; formats: 'text' | 'json' };
  history: { data: HistoryReport; options: NoOptions; formats: 'text' | 'json' };
  gate: { data: GateReport; options: GateTextOptions; formats: 'text' | 'json' | 'markdown' };
  report: { data: OperatorReport; options: NoOptions; formats: 'html' };
  'access check': { data: AccessCheck; options: NoOptions; formats: 'text' | 'json' };
  'access explain': { data: AccessExplanation; options: NoOptions; formats: 'text' | 'json' };
  'access who-can': { data: WhoCan; options: NoOptions; formats: 'text' | 'json' };
  'access pii': { data: PiiReport; options: NoOptions; formats: 'text' | 'json' };
  'data verify': { data: VerifyResult; options: NoOptions; formats: 'text' | 'json' | 'junit' };
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
  gate: {
    text: async () => viewed((await import('./gate-text.js')).formatGateText),
    json: async () => viewed((await import('./gate-json.js')).formatGateJson),
    markdown: async () => viewed((await import('./gate-markdown.js')).formatGateMarkdown),
  },
  report: {
    html: async () => (await import('./report-html.js')).formatReportHtml,
  },
  'access check': {
    text: async () => (await import('./access-text.js')).formatAccessCheckText,
    json: async () => (await import('./access-json.js')).formatAccessCheckJson,
  },
  'access explain': {
    text: async () => (await import('./access-text.js')).formatAccessExplainText,
    json: async () => (await import('./access-json.js')).formatAccessCheckJson,
  },
  'access who-can': {
    text: async () => (await import('./access-text.js')).formatWhoCanText,
    json: async () => (await import('./access-json.js')).formatAccessListJson,
  },
  'access pii': {
    text: async () => (await import('./access-text.js')).formatPiiText,
    json: async () => (await import('./access-json.js')).formatAccessListJson,
  },
  'data verify': {
    text: async () => (await import('./data-verify.js')).formatVerifyText,
    json: async () => (await import('./data-verify.js')).formatVerifyJson,
    junit: async () => (await import('./data-verify.js')).formatVerifyJunit,
  },
  render: {
    yaml: async () => (await import('./render.js')).formatRenderYaml,
    json: async () => (await import('./render.js')).formatRenderJson,
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
