import type { KubernetesTarget } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import { wholeSeconds } from './durations.js';
import type { LiveVersion } from './lookup.js';
import { objectMeta, slipwayLabels, type RenderContext } from './meta.js';
import { inferenceServiceName } from './names.js';
import { resourceRequirements } from './resources.js';
import type { JsonObject, K8sObject } from './types.js';

const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/**
 * One KServe InferenceService for one live version of a realtime deployment. Each version is its
 * own service so that Istio, not KServe's single-canary field, splits traffic among any number of
 * versions with exactly the declared weights.
 */
export function inferenceService(
  ctx: RenderContext,
  target: KubernetesTarget,
  deployment: TypedDoc<'Deployment'>,
  live: LiveVersion,
): K8sObject {
  const spec = deployment.resource.spec;
  const { version } = live;
  const model: JsonObject = {};
  if (version.framework !== undefined) model.modelFormat = { name: version.framework };
  model.storageUri = version.artifact.uri;
  const resources = resourceRequirements(spec.resources);
  if (resources) model.resources = resources;

  // Labels on the predictor's pods: the AuthorizationPolicy selects them by deployment.
  const predictor: JsonObject = { labels: slipwayLabels(ctx, deployment.name), model };
  if (spec.resources?.replicas) {
    predictor.minReplicas = spec.resources.replicas.min;
    predictor.maxReplicas = spec.resources.replicas.max;
  }
  const timeout = wholeSeconds(spec.endpoint?.timeout);
  if (timeout !== undefined) predictor.timeout = timeout;

  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: objectMeta(ctx, inferenceServiceName(deployment.name, version.version), deployment.name, {
      [DEPLOYMENT_MODE_ANNOTATION]: target.deploymentMode ?? 'Standard',
      'slipway.dev/artifact-digest': version.artifact.digest,
      'slipway.dev/model': spec.model,
      'slipway.dev/model-version': version.version,
    }),
    spec: { predictor },
  };
}
