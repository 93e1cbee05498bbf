import type { ObjectMeta } from './types.js';

/** What every object of one render shares. */
export interface RenderContext {
  environment: string;
  namespace: string;
  revision: string;
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const ENVIRONMENT_LABEL = 'slipway.dev/environment';
export const DEPLOYMENT_LABEL = 'slipway.dev/deployment';
export const REVISION_ANNOTATION = 'slipway.dev/source-revision';

/** The labels that tie an object (or a pod) to its environment and deployment. */
export function slipwayLabels(ctx: RenderContext, deployment: string): Record<string, string> {
  return { [MANAGED_BY]: 'slipway', [DEPLOYMENT_LABEL]: deployment, [ENVIRONMENT_LABEL]: ctx.environment };
}

/** Metadata of a rendered object: labelled, and annotated with the source revision. */
export function objectMeta(
  ctx: RenderContext,
  name: string,
  deployment: string,
  annotations: Record<string, string> = {},
): ObjectMeta {
  return {
    name,
    namespace: ctx.namespace,
    labels: slipwayLabels(ctx, deployment),
    annotations: { ...annotations, [REVISION_ANNOTATION]: ctx.revision },
  };
}
