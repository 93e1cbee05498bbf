import type { DataSourceSpec } from '../kinds/index.js';

/**
 * The port between `data verify` (src/data/) and the stores it checks. Engines are dumb executors:
 * they open a connection and run the SQL the domain's query builder wrote, returning the few
 * aggregate rows it asks for. They never build SQL from configuration and never stream a table's
 * rows into Node.
 */

/** The SQL dialect a connection speaks; CSV and Parquet files are read through DuckDB. */
export type Dialect = 'postgres' | 'sqlite' | 'duckdb';

/**
 * A value bound as a query parameter: configuration values only ever reach SQL this way. A struct
 * (DuckDB only) carries `read_csv`'s column types.
 */
export type SqlValue = string | number | boolean | null | { readonly struct: Readonly<Record<string, string>> };

/** One statement and its parameters, in placeholder order. */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A scalar as a driver returns it (pg gives bigints as strings, DuckDB as bigint). */
export type SqlScalar = string | number | bigint | boolean | Date | null;
export type SqlRow = Readonly<Record<string, SqlScalar>>;

/** What a query reads from: a table, or a file DuckDB scans in place. */
export type Relation =
  | { readonly kind: 'table'; readonly parts: readonly string[] }
  | { readonly kind: 'parquet'; readonly path: string }
  /** `text`: columns read as text whatever they look like (declared `string`: `10.4` is a code, not a number). */
  | { readonly kind: 'csv'; readonly path: string; readonly text?: readonly string[] };

export interface DataConnection {
  readonly dialect: Dialect;
  readonly relation: Relation;
  /** Runs one statement within the source's deadline. Throws `EngineError` (already scrubbed of secrets). */
  run(query: SqlQuery): Promise<SqlRow[]>;
  /** Releases the connection; never throws. */
  close(): Promise<void>;
}

/** Where a source's data is, once its connection has been resolved (see locate.ts). */
export type SourceTarget =
  | { readonly engine: 'postgres'; readonly url: string; readonly relation: Relation }
  | { readonly engine: 'sqlite' | 'csv' | 'parquet'; readonly path: string; readonly relation: Relation };

interface OpenContext {
  /** Epoch milliseconds after which every call fails with a `timeout` EngineError. */
  readonly deadline: number;
  /** Directory file engines may read (DuckDB is confined to it). */
  readonly root: string;
}

/** Why a source cannot be opened, found before any connection is attempted. */
export type SourceProblem =
  | { readonly reason: 'engine-unsupported'; readonly engine: string }
  /** The secret is held where Slipway cannot read it; `variable` may hold the connection URL instead. */
  | { readonly reason: 'provider-unsupported'; readonly provider: string; readonly variable: string }
  | { readonly reason: 'secret-unset'; readonly variable: string }
  | { readonly reason: 'no-connection'; readonly variable: string }
  | { readonly reason: 'remote-path'; readonly path: string }
  | { readonly reason: 'no-location'; readonly field: 'table' | 'path' }
  | { readonly reason: 'path-escapes-repo'; readonly path: string };

/** What opening a source came to. Problems are data, never thrown. */
export type OpenOutcome =
  | { readonly status: 'open'; readonly connection: DataConnection }
  /** A file source whose file is not there: the source is not accessible. */
  | { readonly status: 'missing' }
  /** Slipway cannot reach this kind of source from here; not a verdict on the data. */
  | { readonly status: 'skipped'; readonly problem: SourceProblem }
  /** The declaration cannot be followed (a path outside the repository, no table). */
  | { readonly status: 'invalid'; readonly problem: SourceProblem }
  | { readonly status: 'failed'; readonly failure: EngineFailure; readonly detail: string };

/** A data source as `data verify` sees it. */
export interface SourceRef {
  readonly name: string;
  readonly spec: DataSourceSpec;
}

/** The port `data verify` opens sources through; `deadline` is in epoch milliseconds. */
export type SourceOpener = (source: SourceRef, deadline: number) => Promise<OpenOutcome>;

/** An adapter for one kind of store. */
export interface DataEngine {
  open(target: SourceTarget, ctx: OpenContext): Promise<DataConnection>;
}

/** Why an engine call failed, for the domain to turn into a result. */
export type EngineFailure = 'connect' | 'auth' | 'timeout' | 'query' | 'driver';

/** An engine call that failed. `detail` is the driver's message with every secret removed. */
export class EngineError extends Error {
  readonly failure: EngineFailure;
  readonly detail: string;

  constructor(failure: EngineFailure, detail: string) {
    super(`${failure}: ${detail}`);
    this.name = 'EngineError';
    this.failure = failure;
    this.detail = detail;
  }
}
