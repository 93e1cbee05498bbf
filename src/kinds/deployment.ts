import type { ApiVersion, CronExpression, Duration, Metadata, Name, SemVer } from './common.js';

/** A share of traffic sent to one model version. */
export interface TrafficSplit {
  /** Model version receiving this share. */
  version: SemVer;
  /**
   * Integer percent of traffic, 0-100; all entries sum to 100.
   * @minimum 0
   * @maximum 100
   * @asType integer
   */
  percent: number;
}

/** A realtime endpoint. */
export interface Endpoint {
  /**
   * HTTP path, unique per environment.
   * @pattern ^/
   */
  path: string;
  /** Request timeout. */
  timeout?: Duration;
}

/** Where a batch deployment writes its predictions. */
export interface BatchOutput {
  /** A DataSource in this environment. */
  dataSource: Name;
}

/** Replica bounds. */
export interface Replicas {
  /**
   * Fewest replicas.
   * @minimum 0
   * @asType integer
   */
  min: number;
  /**
   * Most replicas.
   * @minimum 1
   * @asType integer
   */
  max: number;
}

/** Compute resources. */
export interface Resources {
  replicas?: Replicas;
  /** CPU, e.g. `"2"` or `500m`. */
  cpu?: string;
  /** Memory, e.g. `4Gi`. */
  memory?: string;
  /**
   * GPUs.
   * @minimum 0
   * @asType integer
   */
  gpu?: number;
}

/** Service level objectives. */
export interface Slo {
  /** 99th percentile latency objective. */
  latencyP99?: Duration;
  /**
   * Availability objective in percent.
   * @minimum 0
   * @maximum 100
   */
  availability?: number;
}

/** How a model is served in an environment. */
export interface DeploymentSpec {
  /** Name of the Model. */
  model: Name;
  /**
   * Versions and their traffic shares; one entry means no canary.
   * @minItems 1
   */
  traffic: TrafficSplit[];
  /** `realtime` serves an endpoint; `batch` runs on a schedule. */
  mode: 'realtime' | 'batch';
  /** Realtime only. */
  endpoint?: Endpoint;
  /** Batch only: a five-field cron expression. */
  schedule?: CronExpression;
  /** Batch only: where predictions are written. */
  output?: BatchOutput;
  /** DataSource names in this environment that the deployment reads. */
  inputs?: Name[];
  /** Name of an ErrorPolicy in this environment. */
  errorPolicy?: Name;
  /** Compute resources. */
  resources?: Resources;
  /** Service level objectives. */
  slo?: Slo;
}

/** A deployment of a model in an environment: model management and consumption. */
export interface Deployment {
  apiVersion: ApiVersion;
  /** The kind of this document: always `Deployment`. */
  kind: 'Deployment';
  metadata: Metadata;
  spec: DeploymentSpec;
}
