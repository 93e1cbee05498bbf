import type { ApiVersion, Metadata, Name, Subject } from './common.js';

/** A deployment the consumer calls, and the model versions it accepts. */
export interface ConsumerUse {
  /** Name of a Deployment in this environment. */
  deployment: Name;
  /** Semver range of model versions the consumer accepts, e.g. `^3.0.0`. */
  contract: string;
}

/** Who calls a deployment and under which contract: consumption. */
export interface ConsumerSpec {
  /** Owning subject. */
  owner?: Subject;
  /** The identity the consumer calls with, e.g. `service:checkout`. */
  subject: Subject;
  /**
   * The deployments it calls or reads, each with the model versions it accepts.
   * @minItems 1
   */
  uses: ConsumerUse[];
}

/** A consumer (`environments/<env>/**`). */
export interface Consumer {
  apiVersion: ApiVersion;
  /** The kind of this document: always `Consumer`. */
  kind: 'Consumer';
  metadata: Metadata;
  spec: ConsumerSpec;
}
