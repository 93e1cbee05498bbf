import type { KubernetesTarget } from '../kinds/index.js';
import type { FieldChange } from '../model/diff.js';
import type { Config, EnvConfig } from '../world/config.js';

/** Plain JSON data, as a manifest holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The kinds Slipway renders for a kubernetes target. */
export type K8sKind = 'InferenceService' | 'VirtualService' | 'DestinationRule' | 'AuthorizationPolicy' | 'CronJob';

export interface ObjectMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Absent when the object has none. */
  annotations?: Record<string, string>;
}

/** One rendered Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: K8sKind;
  metadata: ObjectMeta;
  spec: JsonObject;
}

/** What one environment renders from. The configuration must validate clean: references are not checked again. */
export interface RenderInput {
  /** The resolved configuration: models and teams are read from it. */
  config: Config;
  /** The environment to render. */
  env: EnvConfig;
  /** Its target (from `env.environment.spec.target`), with the defaults still unset. */
  target: KubernetesTarget;
}

/** Why a declared field has no rendered counterpart (the formatter words it). */
export type NotEnforcedReason =
  /** Nothing in KServe, Istio or Kubernetes expresses it (alerts, fallbacks, dead letters, SLOs...). */
  | 'no-counterpart'
  /** Rendered, but with a different meaning (an error rate becomes a count of consecutive errors). */
  | 'approximated'
  /** A data check: run by `slipway data verify`, not by the cluster. */
  | 'data-check'
  /** The secret lives outside Kubernetes: the job gets no value for it. */
  | 'secret-provider'
  /** A user or team, not a workload: it has no mesh identity to allow. */
  | 'not-a-workload'
  /** A wildcard subject: mesh principals are listed one by one. */
  | 'wildcard-subject'
  /** Access to data or predictions, which the store holding them enforces. */
  | 'data-access'
  /** Meaningless for a CronJob (replicas, a circuit breaker, which errors to retry). */
  | 'batch-mode'
  /** The job is handed the split (SLIPWAY_TRAFFIC) and must honour it itself. */
  | 'split-by-job';

/** A declared field the target does not enforce: listed, never silently dropped. */
export interface NotEnforced {
  /** The deployment it concerns, when it concerns one. */
  deployment?: string;
  kind: 'Deployment' | 'ErrorPolicy' | 'DataSource' | 'AccessPolicy';
  /** The declaring document's name. */
  name: string;
  /** Dotted path of the field in that document, e.g. `spec.alerts`. */
  field: string;
  reason: NotEnforcedReason;
}

export interface RenderResult {
  /** Sorted by kind, then name. */
  objects: K8sObject[];
  /** Sorted by deployment, kind, name and field. */
  notEnforced: NotEnforced[];
}

/** One object that a deploy commit adds, changes or removes. */
export interface ObjectChange {
  action: 'add' | 'change' | 'remove';
  kind: string;
  name: string;
  namespace: string;
  /** A changed object's fields, from its root (`spec.http[0].route[0].weight`); empty otherwise. */
  diff: FieldChange[];
}

/** What applying would do to an environment's deploy branch: `plan` shows it. */
export interface DeliveryPlan {
  branch: string;
  path: string;
  /** The branch's commit now (the local branch, else origin's as last fetched); null when it does not exist. */
  commit: string | null;
  /** The source commit the branch's manifests were rendered from (`drySha`), when known. */
  deployedRevision: string | null;
  /** Objects, by what becomes of them. */
  summary: { add: number; change: number; remove: number; unchanged: number };
  /** The objects added, changed or removed, by kind then name. */
  objects: ObjectChange[];
  /** What the target does not enforce of the configuration. */
  notEnforced: NotEnforced[];
}
