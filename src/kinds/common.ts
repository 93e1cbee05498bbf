/**
 * A duration such as `250ms`, `30s`, `5m`, `6h` or `2d`.
 * @pattern ^[0-9]+(ms|s|m|h|d)$
 */
export type Duration = string;

/**
 * A semantic version such as `3.2.0` (quote it in YAML if it could read as a number).
 * @pattern ^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$
 */
export type SemVer = string;

/**
 * An RFC 3339 timestamp such as `2026-10-02T10:00:00Z`.
 * @format date-time
 */
export type Timestamp = string;

/**
 * A content digest: `sha256:` followed by 64 lowercase hex characters.
 * @pattern ^sha256:[0-9a-f]{64}$
 */
export type Digest = string;

/** A five-field cron expression such as `0 2 * * *`. */
export type CronExpression = string;

/**
 * A lowercase DNS label: 1-63 characters of a-z, 0-9 and `-`, starting and ending alphanumeric.
 * @pattern ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$
 */
export type Name = string;

/**
 * A subject: `user:<github-login>`, `team:<name>` or `service:<name>`; `*` in the name matches any.
 * @pattern ^(user|team|service):[A-Za-z0-9*][-A-Za-z0-9_.*]*$
 */
export type Subject = string;

/**
 * A team reference: `team:<name>` of a team declared in the Project.
 * @pattern ^team:[a-z0-9][-a-z0-9]*$
 */
export type TeamRef = string;

/** Optional key/value labels used for selection and ownership. */
export interface Labels {
  [key: string]: string;
}

/** Identifies a resource. */
export interface Metadata {
  /** Lowercase DNS label, unique per (environment, kind). */
  name: Name;
  /** Key/value labels, e.g. `{team: risk}`. */
  labels?: Labels;
  /** Free-text annotations. */
  annotations?: Labels;
}

/** The API version of every Slipway document. */
export type ApiVersion = 'slipway.dev/v1';

/** A JSON Schema object describing a contract's input or output. */
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

/** A reference to a secret held outside git; never the secret itself. */
export interface SecretRef {
  /** Where the secret lives. */
  provider: 'env' | 'vault' | 'aws-secrets-manager' | 'gcp-secret-manager' | 'azure-key-vault' | 'kubernetes';
  /** The secret's key or path in that provider. */
  key: string;
}
