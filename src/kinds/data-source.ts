import type { ApiVersion, CronExpression, Duration, Metadata, Name, SecretRef, Subject } from './common.js';

/** A column's data type. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'date' | 'json';

/** One column of a data source. */
export interface Column {
  /** Column name. */
  name: string;
  /** Column type. */
  type: ColumnType;
  /** Whether nulls are allowed (default true). */
  nullable?: boolean;
  /** Whether the column holds personal data. */
  pii?: boolean;
}

/** The data source's schema. */
export interface DataSourceSchema {
  /**
   * The columns, in order.
   * @minItems 1
   */
  columns: Column[];
}

/** Connection settings: only references to secrets, never credentials. */
export interface Connection {
  /** Where the connection string or credentials are held. */
  secretRef: SecretRef;
}

/** Where the data lives: one of a table, a path or a topic. */
export interface Location {
  /** A table, e.g. `analytics.transactions` (for `sqlite`, a table in the file at `path`). */
  table?: string;
  /**
   * A path or URI, e.g. `s3://bucket/prefix/` or `data/file.csv`. For `csv`, `parquet` and `sqlite`
   * sources `data verify` reads a relative path from the repository root.
   */
  path?: string;
  /** A stream topic. */
  topic?: string;
}

/** How fresh the data must be. */
export interface Freshness {
  /** Maximum age of the newest row. */
  maxAge: Duration;
  /** Timestamp column that measures age. */
  column?: string;
}

/** When the source is refreshed. */
export interface Refresh {
  /** Five-field cron expression. */
  schedule: CronExpression;
}

/** Deduplication keys. */
export interface Dedup {
  /**
   * Columns that together identify a row.
   * @minItems 1
   */
  keys: string[];
}

/** A data quality check. */
export interface QualityCheck {
  /** The check to run. */
  check: 'notNull' | 'unique' | 'range' | 'regex' | 'accepted' | 'rowCount';
  /** Column checked (all but `rowCount`). */
  column?: string;
  /** Lower bound (`range`, `rowCount`). */
  min?: number;
  /** Upper bound (`range`, `rowCount`). */
  max?: number;
  /** Regular expression (`regex`). */
  pattern?: string;
  /** Accepted values (`accepted`). */
  values?: (string | number | boolean)[];
}

/**
 * How personal data was removed. Pseudonymised or tokenised data is still personal data: such a
 * source stays `classification: pii` and is not `anonymised`.
 */
export type AnonymisationMethod =
  'aggregation' | 'generalisation' | 'suppression' | 'k-anonymity' | 'differential-privacy' | 'synthetic' | 'other';

/**
 * Lineage of a source whose data is computed from other sources (a batch deployment's output, an
 * ETL table), and whether the personal data of those sources was removed on the way.
 */
export interface DerivedFrom {
  /**
   * Names of the DataSources in this environment its data is computed from.
   * @minItems 1
   */
  sources: Name[];
  /**
   * Personal data of `sources` was removed or irreversibly transformed before it was written here
   * (default false). Only then may a deployment that reads a `pii` source among `sources` write to
   * this source while it is classified `public` or `internal`.
   */
  anonymised?: boolean;
  /** How the personal data was removed; say it, so that reviewers can judge the claim. */
  method?: AnonymisationMethod;
}

/** A data source a model reads or writes: data collection. */
export interface DataSourceSpec {
  /** Kind of store. */
  type: 'warehouse' | 'lake' | 'operational' | 'stream' | 'file';
  /**
   * Engine of the store. `postgres`, `sqlite`, `csv` and `parquet` can be verified by `slipway data verify`;
   * the others are reported as skipped.
   */
  engine: 'postgres' | 'sqlite' | 'csv' | 'parquet' | 'bigquery' | 'snowflake' | 's3' | 'kafka';
  /** Connection, by secret reference only. */
  connection?: Connection;
  /** Where the data is. */
  location: Location;
  /** Owning subject, e.g. `team:data-eng`. */
  owner: Subject;
  /** Data classification. */
  classification: 'public' | 'internal' | 'confidential' | 'pii';
  /** Columns. */
  schema?: DataSourceSchema;
  /** Freshness requirement. */
  freshness?: Freshness;
  /** Refresh schedule. */
  refresh?: Refresh;
  /** Deduplication. */
  dedup?: Dedup;
  /** Data quality checks. */
  quality?: QualityCheck[];
  /**
   * The sources this data is computed from, and whether it is anonymised: a `public` or
   * `internal` source may receive what a deployment computes from `pii` inputs only when it is
   * declared `anonymised` from each of them.
   */
  derivedFrom?: DerivedFrom;
}

/** A data source (`environments/<env>/**`). */
export interface DataSource {
  apiVersion: ApiVersion;
  /** The kind of this document: always `DataSource`. */
  kind: 'DataSource';
  metadata: Metadata;
  spec: DataSourceSpec;
}
