import { clock, fail, pass, type CheckContext, type CheckResult } from './types.js';

/** No promotion into an environment during one of the base's freeze windows. */
export function checkFreeze(env: string, ctx: CheckContext): CheckResult {
  const windows = ctx.base.environments.get(env)?.environment?.resource.spec.promotion?.freeze ?? [];
  if (windows.length === 0) return pass('freeze', { code: 'no-windows', env });
  const now = ctx.now.getTime();
  for (const w of windows) {
    const from = Date.parse(w.from);
    const to = Date.parse(w.to);
    if (now >= from && now < to)
      return fail(
        'freeze',
        { code: 'frozen', env, window: { from: w.from, to: w.to, ...(w.reason ? { reason: w.reason } : {}) } },
        clock(ctx.now),
      );
  }
  return pass('freeze', { code: 'open', env }, clock(ctx.now));
}
