import type { ApiVersion, Digest, JsonSchemaObject, Metadata, Name, SemVer, TeamRef, Timestamp } from './common.js';

/** What a model does. */
export type ModelTask =
  | 'binary-classification'
  | 'multiclass-classification'
  | 'regression'
  | 'ranking'
  | 'forecasting'
  | 'generation'
  | 'embedding'
  | 'other';

/** Lifecycle of a model version; every status but `candidate` is released and immutable. */
export type VersionStatus = 'candidate' | 'approved' | 'deprecated' | 'revoked';

/** The stored model artifact. */
export interface Artifact {
  /** Where the artifact is stored, e.g. `s3://bucket/model/3.2.0/model.onnx`. */
  uri: string;
  /** Content digest of the artifact. */
  digest: Digest;
}

/** Lineage: a data source snapshot the version was trained on. */
export interface TrainedOn {
  /** Name of a DataSource. */
  dataSource: Name;
  /** Snapshot identifier, e.g. a date. */
  snapshot?: string;
}

/** The consumption contract: JSON Schemas of the model's input and output. */
export interface Contract {
  /** JSON Schema of a prediction request. */
  input?: JsonSchemaObject;
  /** JSON Schema of a prediction response. */
  output?: JsonSchemaObject;
}

/** One version of a model. */
export interface ModelVersion {
  /** Semantic version of this model version. */
  version: SemVer;
  /** Lifecycle status. */
  status: VersionStatus;
  /** When the version was created. */
  createdAt?: Timestamp;
  /** The stored artifact. */
  artifact: Artifact;
  /** Framework, e.g. `onnx`, `pytorch`, `xgboost`. */
  framework?: string;
  /** Data the version was trained on. */
  trainedOn?: TrainedOn[];
  /** Offline evaluation metrics by name, e.g. `{auc: 0.912}`. */
  metrics?: { [name: string]: number };
  /** Input and output contract. */
  contract?: Contract;
}

/** A model's registry entry: owners, versions, artifacts, contracts and metrics. */
export interface ModelSpec {
  /**
   * Teams that own the model.
   * @minItems 1
   */
  owners: TeamRef[];
  /** What the model is for. */
  description?: string;
  /** The kind of prediction the model makes. */
  task?: ModelTask;
  /**
   * Versions of the model.
   * @minItems 1
   */
  versions: ModelVersion[];
}

/** A model (`models/<name>/model.yaml`): model management. */
export interface Model {
  apiVersion: ApiVersion;
  /** The kind of this document: always `Model`. */
  kind: 'Model';
  metadata: Metadata;
  spec: ModelSpec;
}
