import type { TrafficSplit } from '../kinds/deployment.js';

/** One traffic entry as Slipway reasons about it (the kind's `TrafficSplit`). */
export type TrafficEntry = TrafficSplit;

/** What a promotion asks for: the version at 100%, or a canary share of it. */
export type TrafficRequest = { type: 'full'; version: string } | { type: 'canary'; version: string; percent: number };

/** The traffic a request leads to, or why it cannot be applied to the current traffic. */
export type TrafficOutcome =
  | { type: 'change'; next: TrafficEntry[]; stable?: string }
  | { type: 'unchanged' }
  | { type: 'refused'; message: string; hint: string };

/** `3.2.0 90%, 4.0.0 10%`: how traffic is shown in messages, commit bodies and pull requests. */
export function describeTraffic(traffic: readonly TrafficEntry[]): string {
  return traffic.length === 0 ? 'none' : traffic.map((t) => `${t.version} ${t.percent}%`).join(', ');
}

function sameTraffic(a: readonly TrafficEntry[], b: readonly TrafficEntry[]): boolean {
  return a.length === b.length && a.every((t, i) => t.version === b[i]?.version && t.percent === b[i]?.percent);
}

/**
 * The two sides of a running canary (two versions sharing the traffic): the majority side has
 * more of it; at a tie, the first entry, where `promote --canary` puts the stable version.
 * Undefined when the traffic is not a two-version split.
 */
export function canarySides(
  traffic: readonly TrafficEntry[] | null | undefined,
): { majority: string; minority: string } | undefined {
  if (!traffic || traffic.length !== 2) return undefined;
  const [a, b] = traffic as [TrafficEntry, TrafficEntry];
  if (a.version === b.version) return undefined;
  return a.percent >= b.percent
    ? { majority: a.version, minority: b.version }
    : { majority: b.version, minority: a.version };
}

/**
 * The traffic after a promotion. A full promotion sends 100% to the version. A canary splits
 * traffic between the version (PCT) and the version currently at 100% (100-PCT); when a canary
 * of the same version is already running it is stepped (up or down), keeping entry order so
 * that the diff only touches the percents. A canary of a different version while one is
 * running is refused: that would leave three versions live, which nobody reviews well.
 */
export function promoteTraffic(current: readonly TrafficEntry[] | undefined, request: TrafficRequest): TrafficOutcome {
  const next = planPromote(current, request);
  if (next.type === 'change' && current && sameTraffic(current, next.next)) return { type: 'unchanged' };
  return next;
}

function planPromote(current: readonly TrafficEntry[] | undefined, request: TrafficRequest): TrafficOutcome {
  const { version } = request;
  if (request.type === 'full') return { type: 'change', next: [{ version, percent: 100 }] };
  const pct = request.percent;
  if (!current || current.length === 0) {
    return {
      type: 'refused',
      message: `a canary needs a version already live at 100% to split traffic with, and there is none`,
      hint: `promote ${version} without --canary first`,
    };
  }
  if (current.length === 1) {
    const only = current[0]!;
    if (only.version === version) {
      return {
        type: 'refused',
        message: `${version} already receives 100% of the traffic; a canary would lower it`,
        hint: 'to send traffic back to an earlier version, use `slipway rollback`',
      };
    }
    return {
      type: 'change',
      next: [
        { version: only.version, percent: 100 - pct },
        { version, percent: pct },
      ],
      stable: only.version,
    };
  }
  const mine = current.filter((t) => t.version === version);
  const others = current.filter((t) => t.version !== version);
  if (current.length === 2 && mine.length === 1 && others.length === 1) {
    const stable = others[0]!.version;
    if (canarySides(current)?.majority === version) {
      return {
        type: 'refused',
        message: `${version} is the majority side of the running canary (${describeTraffic(current)}); a canary of it would hand the rest of the traffic to ${stable}`,
        hint: `to send all traffic to ${version}, promote it without --canary; to send traffic back, use \`slipway rollback\``,
      };
    }
    return {
      type: 'change',
      next: current.map((t) => ({ version: t.version, percent: t.version === version ? pct : 100 - pct })),
      stable,
    };
  }
  return {
    type: 'refused',
    message: `traffic is already split between other versions (${describeTraffic(current)}); a canary of ${version} would leave more than two versions live`,
    hint: 'finish or roll back the running canary first (`slipway promote MODEL@VERSION` or `slipway rollback`)',
  };
}

/** The version that takes all traffic in a rollback: one entry at 100%. */
export function rollbackTraffic(current: readonly TrafficEntry[], version: string): TrafficOutcome {
  const next = [{ version, percent: 100 }];
  return sameTraffic(current, next) ? { type: 'unchanged' } : { type: 'change', next };
}
