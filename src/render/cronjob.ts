import type { KubernetesTarget } from '../kinds/index.js';
import type { TypedDoc } from '../load/document.js';
import type { EnvConfig } from '../world/config.js';
import { batchEnv } from './batch-env.js';
import { wholeSeconds } from './durations.js';
import { errorPolicyOf, type LiveVersion } from './lookup.js';
import { objectMeta, slipwayLabels, type RenderContext } from './meta.js';
import { cronJobName } from './names.js';
import { resourceRequirements } from './resources.js';
import type { JsonObject, K8sObject, NotEnforced } from './types.js';

/**
 * The CronJob of a batch deployment: the target's batch image on the deployment's schedule (in
 * UTC, as Slipway's cron expressions are), one run at a time, retried as the error policy says.
 */
export function cronJob(
  ctx: RenderContext,
  target: KubernetesTarget,
  env: EnvConfig,
  deployment: TypedDoc<'Deployment'>,
  live: readonly LiveVersion[],
): { object: K8sObject; notEnforced: NotEnforced[] } {
  const spec = deployment.resource.spec;
  const notEnforced: NotEnforced[] = [];
  const container: JsonObject = {
    name: 'scorer',
    image: target.batchImage ?? '',
    env: batchEnv(env, deployment, live, notEnforced),
  };
  const resources = resourceRequirements(spec.resources);
  if (resources) container.resources = resources;

  const job: JsonObject = {
    template: {
      metadata: { labels: slipwayLabels(ctx, deployment.name) },
      // Never: a failed pod is replaced by the Job, so backoffLimit counts every failed attempt.
      spec: { restartPolicy: 'Never', containers: [container] },
    },
  };
  const policy = errorPolicyOf(env, deployment)?.resource.spec;
  if (policy) {
    job.backoffLimit = Math.max(0, (policy.retry?.maxAttempts ?? 1) - 1);
    const deadline = wholeSeconds(policy.timeout);
    if (deadline !== undefined) job.activeDeadlineSeconds = deadline;
  }
  return {
    object: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: objectMeta(ctx, cronJobName(deployment.name), deployment.name),
      spec: {
        schedule: spec.schedule ?? '',
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { metadata: { labels: slipwayLabels(ctx, deployment.name) }, spec: job },
      },
    },
    notEnforced,
  };
}
