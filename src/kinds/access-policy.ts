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
  /** `allow` grants the actions; `deny` refuses them, whatever any allow says. */
  effect: 'allow' | 'deny';
  /**
   * Who the rule applies to: `user:<login>`, `team:<name>` or `service:<name>`.
   * @minItems 1
   */
  subjects: Subject[];
  /**
   * What they may (or may not) do.
   * @minItems 1
   */
  actions: Action[];
  /**
   * What it applies to: `deployment:<name>`, `datasource:<name>` or `model:<name>`; `*` matches any characters.
   * @minItems 1
   */
  resources: ResourcePattern[];
}

/** Who may do what: security. Default deny. */
export interface AccessPolicySpec {
  /**
   * The rules; anything no rule allows is denied.
   * @minItems 1
   */
  rules: AccessRule[];
}

/** An access policy (`environments/<env>/**`). */
export interface AccessPolicy {
  apiVersion: ApiVersion;
  /** The kind of this document: always `AccessPolicy`. */
  kind: 'AccessPolicy';
  metadata: Metadata;
  spec: AccessPolicySpec;
}
