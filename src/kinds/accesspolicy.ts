import type { ApiVersion, Metadata, Subject } from './common.js';

/** An action a subject may take. */
export type Action = 'invoke' | 'read-output' | 'read-data' | 'promote' | 'approve' | 'apply';

/**
 * A resource pattern: `deployment:<name>`, `datasource:<name>` or `model:<name>`; `*` globs the name.
 * @pattern ^(deployment|datasource|model):[-a-z0-9*]+$
 */
export type ResourcePattern = string;

/** One access rule; an explicit deny wins over any allow. */
export interface AccessRule {
  effect: 'allow' | 'deny';
  /** @minItems 1 */
  subjects: Subject[];
  /** @minItems 1 */
  actions: Action[];
  /** @minItems 1 */
  resources: ResourcePattern[];
}

/** Who may do what: security. Default deny. */
export interface AccessPolicySpec {
  /** @minItems 1 */
  rules: AccessRule[];
}

/** An access policy (`environments/<env>/**`). */
export interface AccessPolicy {
  apiVersion: ApiVersion;
  kind: 'AccessPolicy';
  metadata: Metadata;
  spec: AccessPolicySpec;
}
