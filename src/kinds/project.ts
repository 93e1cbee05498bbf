import type { ApiVersion, Metadata, Name, TeamRef } from './common.js';

/** A team of GitHub users. */
export interface Team {
  /** GitHub logins of the team's members. */
  members: string[];
}

/** Who must approve what, beyond environment promotion policies. */
export interface Governance {
  /** Teams whose approval is required for changes to Project, Environment and AccessPolicy documents. */
  policyApprovers?: TeamRef[];
}

/** Where applied state is recorded. */
export interface StateConfig {
  /** `sqlite:<path>` (default `sqlite:.slipway/state.db`) or `postgres://...`; `--state` and `SLIPWAY_STATE` override it. */
  url?: string;
}

/** Project-wide settings: teams, environment order, governance and state. */
export interface ProjectSpec {
  /**
   * Environments in promotion order, first to last.
   * @minItems 1
   */
  environments: Name[];
  /** Teams, by name. */
  teams?: { [name: string]: Team };
  /** Approval rules for policy changes. */
  governance?: Governance;
  /** Where applied state lives. */
  state?: StateConfig;
  /**
   * The branch that holds what was reviewed and merged (default `main`). `apply` to an
   * environment with a promotion policy only applies commits reachable from it (from
   * `origin/<branch>` when the clone has it, else the local branch), and reads the state store's
   * URL and the environment's controls as they stand on it; `slipway status` and `slipway report`
   * compare each environment with its head.
   * @pattern ^[A-Za-z0-9][-A-Za-z0-9._/]*$
   */
  defaultBranch?: string;
}

/** The project (`slipway.yaml`): teams, environment order, governance and state. */
export interface Project {
  apiVersion: ApiVersion;
  /** The kind of this document: always `Project`. */
  kind: 'Project';
  metadata: Metadata;
  spec: ProjectSpec;
}
