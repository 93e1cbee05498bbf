import { parseDuration } from '../world/duration.js';

/**
 * A Slipway duration as Istio writes one: seconds with a fraction (`250ms` → `0.25s`, `5m` →
 * `300s`), which both Go's duration parser and protobuf's JSON form accept.
 */
export function istioDuration(text: string | undefined): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return undefined;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** Whole seconds, rounded up and at least 1: KServe's and Kubernetes' integer timeouts never cut a declared time short. */
export function wholeSeconds(text: string | undefined): number | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return undefined;
  return Math.max(1, Math.ceil(ms / 1000));
}
