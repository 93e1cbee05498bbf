import type { RetryableError } from '../kinds/index.js';

/**
 * Istio's `retryOn` (Envoy's retry policies, plus HTTP status codes, which Istio adds to
 * `retriable-status-codes`) for each error a Slipway retry names. docs/kubernetes.md gives the reasons.
 */
const RETRY_ON: Readonly<Record<RetryableError, readonly string[]>> = {
  // No answer in time: `reset` covers disconnects, resets and read timeouts, which is how Envoy ends a try past perTryTimeout.
  timeout: ['reset'],
  // Nothing to talk to: no connection, a refused HTTP/2 stream, or the server saying 503.
  unavailable: ['connect-failure', 'refused-stream', '503'],
  // The model server pushing back.
  'rate-limited': ['429'],
  // Any 5xx answer (Envoy's `5xx` also retries when there is no answer at all).
  'server-error': ['5xx'],
};

const ORDER: readonly RetryableError[] = ['timeout', 'unavailable', 'rate-limited', 'server-error'];

/** The `retryOn` string for a set of errors, in a fixed order whatever order they were declared in. */
export function retryOn(errors: readonly RetryableError[]): string {
  const policies = new Set<string>();
  for (const error of ORDER) if (errors.includes(error)) for (const p of RETRY_ON[error]) policies.add(p);
  return [...policies].join(',');
}
