import validRange from 'semver/ranges/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import type { TrafficSplit } from '../../kinds/deployment.js';
import { fail, pass, type CheckContext, type CheckResult, type ConsumerProblem } from './types.js';

/** Every Consumer of the deployment accepts every version that will be live (percent > 0). */
export function checkConsumers(
  env: string,
  deployment: string,
  traffic: readonly TrafficSplit[],
  ctx: CheckContext,
): CheckResult {
  const uses = ctx.consumersOf(env, deployment);
  if (uses.length === 0) return pass('consumers', { code: 'no-consumers', env, deployment });
  const live = [...new Set(traffic.filter((t) => t.percent > 0).map((t) => t.version))];
  const problems: ConsumerProblem[] = [];
  for (const { consumer, range } of uses) {
    const valid = validRange(range) !== null;
    for (const version of live) {
      if (!valid) problems.push({ consumer: consumer.name, range, problem: 'invalid-range' });
      else if (!satisfies(version, range))
        problems.push({ consumer: consumer.name, range, problem: 'excludes', version });
      if (!valid) break;
    }
  }
  const evidence = { kind: 'consumers', env } as const;
  return problems.length > 0
    ? fail('consumers', { code: 'broken', env, problems }, evidence)
    : pass(
        'consumers',
        { code: 'satisfied', env, live, uses: uses.map((u) => ({ consumer: u.consumer.name, range: u.range })) },
        evidence,
      );
}
