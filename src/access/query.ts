import type { Action } from '../kinds/index.js';
import { emptyEnv, type Config, type EnvConfig } from '../world/config.js';

/** Every action an access rule can name, in the order the design lists them. */
const ACTIONS = [
  'invoke',
  'read-output',
  'read-data',
  'promote',
  'approve',
  'apply',
] as const satisfies readonly Action[];

export type SubjectKind = 'user' | 'team' | 'service';

/** Why a question cannot be asked; the CLI turns these into usage errors (exit 2). */
export type AccessQueryProblem =
  | { kind: 'unknown-environment'; env: string; known: string[] }
  | { kind: 'invalid-subject'; subject: string }
  | { kind: 'invalid-action'; action: string; known: readonly Action[] }
  | { kind: 'invalid-resource'; resource: string };

/** Thrown for a question that cannot be asked; `problem` is the data, the message only its kind. */
export class AccessQueryError extends Error {
  readonly problem: AccessQueryProblem;
  constructor(problem: AccessQueryProblem) {
    super(problem.kind);
    this.name = 'AccessQueryError';
    this.problem = problem;
  }
}

const SUBJECT = /^(user|team|service):[A-Za-z0-9][-A-Za-z0-9_.]*$/;
// A question names one resource: no `*` (rules glob, questions do not).
const RESOURCE = /^(deployment|datasource|model):[-a-z0-9]+$/;

export function subjectKind(subject: string): SubjectKind {
  return subject.slice(0, subject.indexOf(':')) as SubjectKind;
}

export function checkSubject(subject: string): void {
  if (!SUBJECT.test(subject)) throw new AccessQueryError({ kind: 'invalid-subject', subject });
}

export function checkAction(action: string): asserts action is Action {
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new AccessQueryError({ kind: 'invalid-action', action, known: ACTIONS });
}

export function checkResource(resource: string): void {
  if (!RESOURCE.test(resource)) throw new AccessQueryError({ kind: 'invalid-resource', resource });
}

/** The environment's documents; one named in the Project but without a folder has none. */
export function envOf(config: Config, env: string): EnvConfig {
  const found = config.environments.get(env);
  if (found) return found;
  const order = config.project?.resource.spec.environments ?? [];
  if (order.includes(env)) return emptyEnv(env);
  const known = [...new Set([...order, ...config.environments.keys()])];
  throw new AccessQueryError({ kind: 'unknown-environment', env, known });
}

/** Members of each team, from the Project (none without one). */
export function teamsOf(config: Config): Record<string, { members: string[] }> {
  return config.project?.resource.spec.teams ?? {};
}
