import type { Kind } from '../kinds/index.js';
import type { FieldChange } from './diff.js';
import type { ResourceBody } from './resource.js';

/** A resource's state at one place (the store's record, or the target's live view). */
interface Snapshot {
  body: ResourceBody;
  hash: string;
}

/** What is known of one resource of an environment: what was recorded, and what the target shows. */
export interface ActualResource {
  kind: Kind;
  name: string;
  /** What the state store recorded at the last apply. */
  recorded?: Snapshot;
  /** What the target shows now; equals `recorded` unless something changed outside Slipway. */
  live?: Snapshot;
}

/** Why the target differs from the record. */
export type Drift = 'changed' | 'missing' | 'unrecorded';

interface ChangeBase {
  kind: Kind;
  name: string;
  /** Set when the target differed from the record: applying corrects it. */
  drift?: Drift;
}

/** One planned change per resource. */
export type ResourceChange =
  | (ChangeBase & { action: 'create'; after: ResourceBody; hash: string; diff: FieldChange[] })
  | (ChangeBase & { action: 'update'; before: ResourceBody; after: ResourceBody; hash: string; diff: FieldChange[] })
  | (ChangeBase & { action: 'delete'; before: ResourceBody; diff: FieldChange[] })
  | (ChangeBase & { action: 'no-op' });

/** A change that does something: what a target applies and the store records. */
export type EffectiveChange = Exclude<ResourceChange, { action: 'no-op' }>;
