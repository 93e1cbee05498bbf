import type { KubernetesTarget } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import { istioDuration } from './durations.js';
import { errorPolicyOf, type LiveVersion } from './lookup.js';
import { objectMeta, type RenderContext } from './meta.js';
import { inferenceServiceName, predictorHost } from './names.js';
import { outlierDetection } from './outlier.js';
import { retryOn } from './retry-on.js';
import type { Json, JsonObject, K8sObject } from './types.js';
import type { EnvConfig } from '../world/config.js';

/** KServe's predictor Services listen on port 80 in both deployment modes. */
const PREDICTOR_PORT = 80;

/** The host a deployment's endpoint is served on. */
function endpointHost(target: KubernetesTarget, deployment: string): string {
  return target.host ?? `${deployment}.${target.namespace}.svc.cluster.local`;
}

/**
 * Matches for an endpoint path: the path itself and everything under it (`/v1/fraud` must not
 * also catch `/v1/fraud-detector`), rewritten to `/` so the model server sees its own paths.
 */
function pathMatches(path: string): { match: Json[]; rewrite?: JsonObject } {
  const base = path.replace(/\/+$/, '');
  if (base === '') return { match: [{ uri: { prefix: '/' } }] };
  return { match: [{ uri: { exact: base } }, { uri: { prefix: `${base}/` } }], rewrite: { uri: '/' } };
}

/**
 * The Istio VirtualService of a realtime deployment: its endpoint routed to each version's
 * predictor with exactly the declared weights, with the error policy's timeout and retries.
 */
export function virtualService(
  ctx: RenderContext,
  target: KubernetesTarget,
  env: EnvConfig,
  deployment: TypedDoc<'Deployment'>,
  live: readonly LiveVersion[],
): K8sObject {
  const spec = deployment.resource.spec;
  const route: JsonObject = { name: deployment.name, ...pathMatches(spec.endpoint?.path ?? '/') };
  route.route = live.map((l) => ({
    destination: {
      host: predictorHost(inferenceServiceName(deployment.name, l.version.version), ctx.namespace),
      port: { number: PREDICTOR_PORT },
    },
    weight: l.percent,
  }));
  const policy = errorPolicyOf(env, deployment)?.resource.spec;
  // The policy's timeout bounds the whole request, retries included; each try gets the endpoint's timeout.
  const timeout = istioDuration(policy?.timeout ?? spec.endpoint?.timeout);
  if (timeout !== undefined) route.timeout = timeout;
  if (policy) {
    // A policy without `retry` means no retries, not Istio's default of two.
    const retries: JsonObject = { attempts: Math.max(0, (policy.retry?.maxAttempts ?? 1) - 1) };
    if (policy.retry && policy.retry.maxAttempts > 1) {
      const perTry = istioDuration(spec.endpoint?.timeout);
      if (perTry !== undefined) retries.perTryTimeout = perTry;
      if (policy.retry.on && policy.retry.on.length > 0) retries.retryOn = retryOn(policy.retry.on);
    }
    route.retries = retries;
  }
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: objectMeta(ctx, deployment.name, deployment.name),
    spec: {
      hosts: [endpointHost(target, deployment.name)],
      gateways: [target.gateway ?? 'mesh'],
      http: [route],
    },
  };
}

/**
 * The circuit breaker of one version's predictor. Istio binds a DestinationRule to one host, and
 * each version is its own Service, so there is one per live version, named like its InferenceService.
 */
export function destinationRules(
  ctx: RenderContext,
  env: EnvConfig,
  deployment: TypedDoc<'Deployment'>,
  live: readonly LiveVersion[],
): K8sObject[] {
  const breaker = errorPolicyOf(env, deployment)?.resource.spec.circuitBreaker;
  if (!breaker) return [];
  return live.map((l) => {
    const name = inferenceServiceName(deployment.name, l.version.version);
    return {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: objectMeta(ctx, name, deployment.name),
      spec: {
        host: predictorHost(name, ctx.namespace),
        trafficPolicy: { outlierDetection: outlierDetection(breaker) },
      },
    };
  });
}
