import type { TrafficSplit } from '../kinds/deployment.js';
import type { VersionStatus } from '../kinds/model.js';
import type { PathSegment } from '../model/diagnostic.js';
import type { FieldChange } from '../model/diff.js';

/** Where a changed document lives in the head (or, when deleted, the base) revision. */
export interface ChangeSource {
  file: string;
  /** Index of the document in its file. */
  document: number;
}

interface Base {
  /** The environment folder; absent for Project and Model changes. */
  env?: string;
  source: ChangeSource;
}

/** A Deployment whose traffic moves. `version` is the version the move is about. */
interface TrafficMove extends Base {
  env: string;
  deployment: string;
  model: string;
  from: TrafficSplit[];
  to: TrafficSplit[];
  version: string;
}

export type Change =
  /** A version gets traffic in a deployment where it had none. */
  | (TrafficMove & { type: 'promotion' })
  /** A version that already had part of the traffic gets a different share below 100%. */
  | (TrafficMove & { type: 'canary-step' })
  /** A version that already had part of the traffic gets all of it. */
  | (TrafficMove & { type: 'full-rollout' })
  /** Traffic goes back to an older version that was live in this environment before. */
  | (TrafficMove & { type: 'rollback' })
  /** Traffic shares change without a newer version gaining (e.g. a canary dialled down). */
  | (TrafficMove & { type: 'traffic-change' })
  | (Base & { type: 'deployment-added'; env: string; deployment: string; model: string; to: TrafficSplit[] })
  | (Base & { type: 'deployment-removed'; env: string; deployment: string; model: string; from: TrafficSplit[] })
  /** A Deployment's fields other than traffic change (endpoint, resources, error policy...). */
  | (Base & { type: 'deployment-updated'; env: string; deployment: string; model: string; fields: FieldChange[] })
  /** Project, Environment or AccessPolicy: rules that judge other changes. */
  | (Base & {
      type: 'policy-change';
      kind: 'Project' | 'Environment' | 'AccessPolicy';
      name: string;
      action: 'added' | 'removed' | 'changed';
      fields: FieldChange[];
    })
  | (Base & {
      type: 'error-policy-change';
      env: string;
      name: string;
      action: 'added' | 'removed' | 'changed';
      fields: FieldChange[];
    })
  | (Base & {
      type: 'data-source-change';
      env: string;
      name: string;
      action: 'added' | 'removed' | 'changed';
      fields: FieldChange[];
    })
  | (Base & {
      type: 'consumer-change';
      env: string;
      name: string;
      action: 'added' | 'removed' | 'changed';
      fields: FieldChange[];
    })
  | (Base & { type: 'model-version-added'; model: string; version: string; status: VersionStatus })
  /** A released version's artifact, digest, contract or metrics changed, or the version was removed. */
  | (Base & {
      type: 'released-version-mutated';
      model: string;
      version: string;
      status: string;
      fields: FieldChange[];
      /** Where each of `fields` is in the head's file (`paths[i]` locates `fields[i]`). */
      paths: PathSegment[][];
    })
  /**
   * Any other change of a Model document (description, owners, a version's status...); `statuses`
   * lists the versions whose status changed, base to head, in the head's order.
   */
  | (Base & { type: 'model-updated'; model: string; fields: FieldChange[]; statuses: StatusChange[] });

/** A version's lifecycle status, in the base and in the head. */
export interface StatusChange {
  version: string;
  from: VersionStatus;
  to: VersionStatus;
}

type ChangeType = Change['type'];

/** Changes that move a deployment's traffic. */
export type TrafficChange = Extract<
  Change,
  { type: 'promotion' | 'canary-step' | 'full-rollout' | 'rollback' | 'traffic-change' }
>;

const TRAFFIC_CHANGES: ReadonlySet<ChangeType> = new Set([
  'promotion',
  'canary-step',
  'full-rollout',
  'rollback',
  'traffic-change',
]);

export function isTrafficChange(change: Change): change is TrafficChange {
  return TRAFFIC_CHANGES.has(change.type);
}

/** The subject of a change, as a reviewer reads it: `Deployment/fraud-detector`, `Model/fraud-detector@3.2.0`. */
export function changeSubject(change: Change): string {
  switch (change.type) {
    case 'promotion':
    case 'canary-step':
    case 'full-rollout':
    case 'rollback':
    case 'traffic-change':
    case 'deployment-added':
    case 'deployment-removed':
    case 'deployment-updated':
      return `Deployment/${change.deployment}`;
    case 'policy-change':
      return `${change.kind}/${change.name}`;
    case 'error-policy-change':
      return `ErrorPolicy/${change.name}`;
    case 'data-source-change':
      return `DataSource/${change.name}`;
    case 'consumer-change':
      return `Consumer/${change.name}`;
    case 'model-version-added':
    case 'released-version-mutated':
      return `Model/${change.model}@${change.version}`;
    case 'model-updated':
      return `Model/${change.model}`;
  }
}
