import type { ObjectMeta } from './types.js';

/** What every object of one render shares. */
export interface RenderContext {
  environment: string;
  namespace: string;
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const ENVIRONMENT_LABEL = 'slipway.dev/environment';
export const DEPLOYMENT_LABEL = 'slipway.dev/deployment';

/** The labels that tie an object (or a pod) to its environment and deployment. */
export function slipwayLabels(ctx: RenderContext, deployment: string): Record<string, string> {
  return { [MANAGED_BY]: 'slipway', [DEPLOYMENT_LABEL]: deployment, [ENVIRONMENT_LABEL]: ctx.environment };
}

/**
 * Metadata of a rendered object: labelled, with the annotations given. No object names the
 * source commit: that is the deploy commit's (its `Slipway-Source` trailer and
 * `hydrator.metadata`), so an object changes only when what it renders changes, and a new source
 * commit neither touches every object of the deploy commit nor restarts every predictor (KServe
 * copies an InferenceService's annotations to its pods).
 */
export function objectMeta(
  ctx: RenderContext,
  name: string,
  deployment: string,
  annotations?: Record<string, string>,
): ObjectMeta {
  const meta: ObjectMeta = { name, namespace: ctx.namespace, labels: slipwayLabels(ctx, deployment) };
  if (annotations && Object.keys(annotations).length > 0) meta.annotations = annotations;
  return meta;
}
