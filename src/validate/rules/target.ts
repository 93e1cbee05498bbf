import type { KubernetesTarget } from '../../kinds/index.js';
import type { EnvConfig } from '../../world/config.js';
import type { Rule, RuleContext } from './context.js';
import { listOf, modelVersions } from './lookup.js';

/** `<namespace>/<name>`: how Istio names a gateway in another namespace. */
const GATEWAY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

/**
 * Delivery: what a `kubernetes` target needs to render every deployment of its environment. A
 * render that cannot be made is caught here, before apply, with the field to fix.
 */
export const targetRules: Rule = (ctx) => {
  for (const env of ctx.config.environments.values()) {
    const target = env.environment?.resource.spec.target;
    if (target?.type !== 'kubernetes') continue;
    checkBatchImage(ctx, env, target);
    checkGateway(ctx, env, target);
    checkFrameworks(ctx, env);
  }
};

function checkBatchImage(ctx: RuleContext, env: EnvConfig, target: KubernetesTarget): void {
  if (target.batchImage !== undefined && target.batchImage.trim() !== '') return;
  const batch = [...env.deployments.values()].filter((d) => d.resource.spec.mode === 'batch').map((d) => d.name);
  if (batch.length === 0) return;
  ctx.report(env.environment!, {
    code: 'target-batch-image-missing',
    message: `the kubernetes target of \`${env.name}\` has no \`batchImage\`, and batch ${batch.length === 1 ? 'deployment' : 'deployments'} ${listOf(batch.sort())} must run in one`,
    hint: 'add `batchImage: <registry>/<image>:<tag>` to spec.target: the image that scores a batch deployment',
    path: ['spec', 'target'],
  });
}

function checkGateway(ctx: RuleContext, env: EnvConfig, target: KubernetesTarget): void {
  if (target.gateway === undefined || GATEWAY.test(target.gateway)) return;
  ctx.report(env.environment!, {
    code: 'target-gateway-invalid',
    message: `\`spec.target.gateway\` must be \`<namespace>/<name>\` of an Istio Gateway; got \`${target.gateway}\``,
    hint: 'write the gateway with its namespace, e.g. `istio-system/ml-gateway`',
    path: ['spec', 'target', 'gateway'],
  });
}

/** KServe picks a serving runtime by model format: a live version without a framework cannot be served. */
function checkFrameworks(ctx: RuleContext, env: EnvConfig): void {
  const versions = modelVersions(ctx.config);
  for (const dep of env.deployments.values()) {
    if (dep.resource.spec.mode !== 'realtime') continue;
    dep.resource.spec.traffic.forEach((t, i) => {
      const entry = versions.get(dep.resource.spec.model)?.get(t.version);
      if (!entry || (entry.version.framework ?? '').trim() !== '') return;
      ctx.report(dep, {
        code: 'target-framework-missing',
        message: `version ${t.version} of \`${dep.resource.spec.model}\` declares no \`framework\`, which KServe needs to choose a serving runtime for \`${dep.name}\` in \`${env.name}\` (a kubernetes target)`,
        hint: `add \`framework:\` (e.g. onnx, xgboost, lightgbm, sklearn, pytorch) to version ${t.version} in ${entry.model.file}`,
        path: ['spec', 'traffic', i, 'version'],
      });
    });
  }
}
