import type { ApiVersion, Duration, Metadata, Name } from './common.js';

/** Errors that may be retried. */
export type RetryableError = 'timeout' | 'unavailable' | 'rate-limited' | 'server-error';

/** Exponential backoff between retries. */
export interface Backoff {
  /** First delay. */
  initial: Duration;
  /** Largest delay. */
  max?: Duration;
  /**
   * Growth factor per attempt.
   * @minimum 1
   */
  multiplier?: number;
  /** Randomise delays. */
  jitter?: boolean;
}

/** Retry policy. */
export interface Retry {
  /**
   * Attempts including the first.
   * @minimum 1
   * @maximum 10
   * @asType integer
   */
  maxAttempts: number;
  /** Errors that are retried. */
  on?: RetryableError[];
  /** Delay between attempts. */
  backoff?: Backoff;
}

/** Circuit breaker. */
export interface CircuitBreaker {
  /**
   * Error rate (0-1) that opens the circuit.
   * @minimum 0
   * @maximum 1
   */
  errorRate: number;
  /** Window the rate is measured over. */
  window: Duration;
  /** How long the circuit stays open. */
  cooldown: Duration;
}

/** What answers when the model cannot. */
export interface Fallback {
  /** `previousVersion`, `static` (with `value`) or `none`. */
  type: 'previousVersion' | 'static' | 'none';
  /** The static answer (for `static`). */
  value?: unknown;
}

/** What to do when input data fails its quality checks. */
export interface DataQualityPolicy {
  /** `block` stops scoring, `quarantine` sets the failing rows aside, `warn` only alerts. */
  onFailure: 'block' | 'quarantine' | 'warn';
}

/** Where failed requests or rows go. */
export interface DeadLetter {
  /** A DataSource in this environment. */
  dataSource: Name;
}

/** Condition that triggers an automatic rollback. */
export interface RollbackCondition {
  /**
   * Error rate (0-1) above which the deployment rolls back.
   * @minimum 0
   * @maximum 1
   */
  errorRate: number;
  /** How long the condition must hold. */
  for: Duration;
}

/** Automatic rollback. */
export interface RollbackPolicy {
  /** Roll back to the previous version without waiting for a person. */
  automatic: boolean;
  when?: RollbackCondition;
}

/** An alert route. */
export interface Alert {
  /** Where the alert goes. */
  channel: 'pagerduty' | 'opsgenie' | 'slack' | 'email' | 'webhook';
  /** Service, channel, address or URL name (not a secret). */
  target: string;
  /** How urgent the alert is. */
  severity?: 'info' | 'warning' | 'critical';
}

/** What happens when a model fails: error management. */
export interface ErrorPolicySpec {
  /** Per-request timeout. */
  timeout: Duration;
  retry?: Retry;
  circuitBreaker?: CircuitBreaker;
  fallback?: Fallback;
  dataQuality?: DataQualityPolicy;
  deadLetter?: DeadLetter;
  rollback?: RollbackPolicy;
  /** Who is told when the policy acts. */
  alerts?: Alert[];
}

/** An error policy (`environments/<env>/**`). */
export interface ErrorPolicy {
  apiVersion: ApiVersion;
  /** The kind of this document: always `ErrorPolicy`. */
  kind: 'ErrorPolicy';
  metadata: Metadata;
  spec: ErrorPolicySpec;
}
