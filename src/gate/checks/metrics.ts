import { fail, pass, type CheckContext, type CheckResult } from './types.js';

/** The version's declared metrics against the base environment's metric gates; a missing metric fails. */
export function checkMetrics(env: string, model: string, version: string, ctx: CheckContext): CheckResult {
  const gates = (ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.metrics ?? []).filter(
    (g) => !g.models || g.models.includes(model),
  );
  if (gates.length === 0) return pass('metrics', `${env} has no metric gates for ${model}`);
  const declared = ctx.head.models.get(model)?.resource.spec.versions.find((v) => v.version === version);
  if (!declared) return fail('metrics', `${model} ${version} is not in the model registry`, `models/${model}`);
  const metrics = declared.metrics ?? {};
  const failures: string[] = [];
  const passes: string[] = [];
  for (const g of gates) {
    const value = metrics[g.name];
    if (typeof value !== 'number') {
      failures.push(`${g.name} is not declared by ${model} ${version}`);
      continue;
    }
    if (g.min !== undefined && value < g.min) failures.push(`${g.name} ${value} < min ${g.min}`);
    else if (g.max !== undefined && value > g.max) failures.push(`${g.name} ${value} > max ${g.max}`);
    else
      passes.push(
        `${g.name} ${value}${g.min !== undefined ? ` ≥ ${g.min}` : ''}${g.max !== undefined ? ` ≤ ${g.max}` : ''}`,
      );
  }
  const evidence = `metrics of ${model} ${version}`;
  return failures.length > 0
    ? fail('metrics', failures.join('; '), evidence)
    : pass('metrics', passes.join(', '), evidence);
}
