import type { AccessPolicy } from './access-policy.js';
import type { Consumer } from './consumer.js';
import type { DataSource } from './data-source.js';
import type { Deployment } from './deployment.js';
import type { Environment } from './environment.js';
import type { ErrorPolicy } from './error-policy.js';
import type { Model } from './model.js';
import type { Project } from './project.js';

export type * from './common.js';
export type * from './project.js';
export type * from './model.js';
export type * from './environment.js';
export type * from './deployment.js';
export type * from './data-source.js';
export type * from './error-policy.js';
export type * from './access-policy.js';
export type * from './consumer.js';

/** Any Slipway document. */
export type Resource = Project | Model | Environment | Deployment | DataSource | ErrorPolicy | AccessPolicy | Consumer;

export type Kind = Resource['kind'];

export const API_VERSION = 'slipway.dev/v1';

/** Every kind, in dependency order (what a Deployment refers to comes first). */
export const KINDS = [
  'Project',
  'Model',
  'Environment',
  'DataSource',
  'ErrorPolicy',
  'AccessPolicy',
  'Consumer',
  'Deployment',
] as const satisfies readonly Kind[];

/** Kinds that live under `environments/<env>/` besides the Environment itself. */
export const ENV_SCOPED_KINDS = [
  'DataSource',
  'ErrorPolicy',
  'AccessPolicy',
  'Consumer',
  'Deployment',
] as const satisfies readonly Kind[];
export type EnvScopedKind = (typeof ENV_SCOPED_KINDS)[number];

export type ResourceOf<K extends Kind> = Extract<Resource, { kind: K }>;

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}
