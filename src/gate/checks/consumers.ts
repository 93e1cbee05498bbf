import validRange from 'semver/ranges/valid.js';
import satisfies from 'semver/functions/satisfies.js';
import type { TrafficSplit } from '../../kinds/deployment.js';
import { fail, pass, type CheckContext, type CheckResult } from './types.js';

/** Every Consumer of the deployment accepts every version that will be live (percent > 0). */
export function checkConsumers(
  env: string,
  deployment: string,
  traffic: readonly TrafficSplit[],
  ctx: CheckContext,
): CheckResult {
  const uses = ctx.consumersOf(env, deployment);
  if (uses.length === 0) return pass('consumers', `no consumer of ${deployment} in ${env}`);
  const live = [...new Set(traffic.filter((t) => t.percent > 0).map((t) => t.version))];
  const broken: string[] = [];
  for (const { consumer, range } of uses) {
    const valid = validRange(range) !== null;
    for (const v of live) {
      if (!valid) broken.push(`${consumer.name} declares an invalid range ${JSON.stringify(range)}`);
      else if (!satisfies(v, range)) broken.push(`${consumer.name} accepts ${range}, but ${v} will be live`);
      if (!valid) break;
    }
  }
  const names = uses.map((u) => `${u.consumer.name} (${u.range})`).join(', ');
  return broken.length > 0
    ? fail('consumers', broken.join('; '), `consumers in ${env}`)
    : pass('consumers', `${live.join(', ')} satisfies ${names}`, `consumers in ${env}`);
}
