import type { Kind } from '../kinds/index.js';
import { configFiles } from './scaffold-config.js';
import { editorFiles, type PublishedSchema } from './scaffold-editor.js';
import { workflowFiles } from './scaffold-workflows.js';

export type { PublishedSchema } from './scaffold-editor.js';

export interface ScaffoldOptions {
  /** The project's name (`metadata.name` of slipway.yaml): a lowercase DNS label. */
  name: string;
  /** The slipway version CI installs, e.g. `0.1.0`. */
  slipwayVersion: string;
  /** The published schemas by kind (the package's schemas/), copied for the editor. */
  schemas: ReadonlyMap<Kind, PublishedSchema>;
}

/** Why a repository cannot be scaffolded; the CLI turns it into a usage error. */
export type ScaffoldProblem = { kind: 'invalid-name'; name: string } | { kind: 'invalid-version'; version: string };

export class ScaffoldError extends Error {
  readonly problem: ScaffoldProblem;
  constructor(problem: ScaffoldProblem) {
    super(problem.kind);
    this.name = 'ScaffoldError';
    this.problem = problem;
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The files of a new configuration repository, by path (`/` separators), in a stable order:
 * the configuration (validates with no finding), CI workflows, `.gitignore`, and editor support.
 * Pure: the caller decides where to write, and refuses to overwrite.
 */
export function scaffoldFiles(options: ScaffoldOptions): Map<string, string> {
  if (!DNS_LABEL.test(options.name)) throw new ScaffoldError({ kind: 'invalid-name', name: options.name });
  if (!VERSION.test(options.slipwayVersion))
    throw new ScaffoldError({ kind: 'invalid-version', version: options.slipwayVersion });
  return new Map([
    ...configFiles(options.name),
    ...workflowFiles(options.slipwayVersion),
    ['.gitignore', '# Slipway state (the local SQLite store) and saved plans\n.slipway/\n*.plan\n'],
    ...editorFiles(options.schemas),
  ]);
}
