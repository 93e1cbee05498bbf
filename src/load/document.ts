import type { Kind, ResourceOf } from '../kinds/index.js';

/** A document that passed the envelope and schema checks, typed by its kind. */
export interface TypedDoc<K extends Kind = Kind> {
  kind: K;
  /** `metadata.name`. */
  name: string;
  file: string;
  /** Index of the document in its file. */
  index: number;
  /** The environment folder, for documents under `environments/<env>/`. */
  env?: string;
  resource: ResourceOf<K>;
}

/** Any typed document, discriminated by `kind`. */
export type AnyDoc = { [K in Kind]: TypedDoc<K> }[Kind];
