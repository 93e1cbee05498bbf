import type { CircuitBreaker } from '../kinds/index.js';
import { istioDuration } from './durations.js';
import type { JsonObject } from './types.js';

/**
 * Istio ejects a pod after a number of consecutive 5xx answers, not at an error rate. The rate is
 * read as "errors per hundred requests", counted in a row: `errorRate: 0.05` ejects after 5
 * consecutive errors (Istio's own default), 0.2 after 20; the stricter the rate, the sooner a pod
 * is ejected. The window is how often Istio sweeps, and the cooldown how long a pod stays out.
 */
export function outlierDetection(breaker: CircuitBreaker): JsonObject {
  const out: JsonObject = { consecutive5xxErrors: Math.max(1, Math.ceil(breaker.errorRate * 100)) };
  const interval = istioDuration(breaker.window);
  if (interval !== undefined) out.interval = interval;
  const ejection = istioDuration(breaker.cooldown);
  if (ejection !== undefined) out.baseEjectionTime = ejection;
  return out;
}
