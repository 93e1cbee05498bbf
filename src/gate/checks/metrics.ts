import { fail, pass, type CheckContext, type CheckResult, type MetricOutcome } from './types.js';

/** The version's declared metrics against the base environment's metric gates; a missing metric fails. */
export function checkMetrics(env: string, model: string, version: string, ctx: CheckContext): CheckResult {
  const gates = (ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.metrics ?? []).filter(
    (g) => !g.models || g.models.includes(model),
  );
  if (gates.length === 0) return pass('metrics', { code: 'no-gates', env, model });
  const declared = ctx.head.models.get(model)?.resource.spec.versions.find((v) => v.version === version);
  if (!declared) return fail('metrics', { code: 'unknown-version', model, version }, { kind: 'model', model });
  const metrics = declared.metrics ?? {};
  const outcomes = gates.map((g): MetricOutcome => {
    const bounds = {
      name: g.name,
      ...(g.min !== undefined ? { min: g.min } : {}),
      ...(g.max !== undefined ? { max: g.max } : {}),
    };
    const value = metrics[g.name];
    if (typeof value !== 'number') return { ...bounds, outcome: 'undeclared' };
    if (g.min !== undefined && value < g.min) return { ...bounds, outcome: 'below', value };
    if (g.max !== undefined && value > g.max) return { ...bounds, outcome: 'above', value };
    return { ...bounds, outcome: 'met', value };
  });
  const detail = { code: 'measured', model, version, gates: outcomes } as const;
  const evidence = { kind: 'metrics', model, version } as const;
  return outcomes.some((o) => o.outcome !== 'met')
    ? fail('metrics', detail, evidence)
    : pass('metrics', detail, evidence);
}
