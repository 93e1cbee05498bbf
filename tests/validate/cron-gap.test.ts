import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { largestCronGap } from '../../src/validate/rules/cron-gap.js';

const START = Date.UTC(2026, 0, 1);
const WINDOW_MS = 366 * 86_400_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** cron-parser's own iterator, run to the first run after the window: what the rule must agree with. */
function reference(expr: string): number | undefined {
  const iterator = CronExpressionParser.parse(expr, { currentDate: new Date(START), tz: 'UTC' });
  let previous: number | undefined;
  let largest = 0;
  for (;;) {
    const next = iterator.next().getTime();
    if (previous !== undefined) largest = Math.max(largest, next - previous);
    previous = next;
    if (next - START > WINDOW_MS) break;
  }
  return largest > 0 ? largest : undefined;
}

/** A seeded generator of cron fields within their ranges: lists, ranges, steps and wildcards. */
function* expressions(count: number): Generator<string> {
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const field = (min: number, max: number, sparse: boolean): string => {
    switch (rand(sparse ? 3 : 5)) {
      case 0:
        return String(min + rand(max - min + 1));
      case 1: {
        const a = min + rand(max - min + 1);
        const b = min + rand(max - min + 1);
        return a === b ? String(a) : `${Math.min(a, b)},${Math.max(a, b)}`;
      }
      case 2: {
        const a = min + rand(max - min + 1);
        return `${a}-${Math.min(max, a + rand(4))}`;
      }
      case 3:
        return `*/${1 + rand(Math.max(1, Math.floor((max - min) / 2)))}`;
      default:
        return '*';
    }
  };
  for (let i = 0; i < count; i++)
    // Sparse minutes and hours keep the reference walk short (at most a few thousand runs a year).
    yield [field(0, 59, true), field(0, 23, true), field(1, 28, false), field(1, 12, false), field(0, 6, false)].join(
      ' ',
    );
}

describe('largestCronGap', () => {
  it.each([
    ['*/30 * * * *', 30 * MINUTE],
    ['0 6 * * *', DAY],
    ['0 6 * * 1-5', 3 * DAY],
    ['0 0 1 * *', 31 * DAY],
    ['0 0 1 1 *', 365 * DAY],
    // Both day fields restricted: either matches (the 1st of a month, and every Monday).
    ['0 0 1 * 1', 7 * DAY],
    ['0 0 * * 0', 7 * DAY],
    ['0 0 * * 7', 7 * DAY],
    // The last day of a month and the second Monday go through cron-parser's iterator.
    ['0 0 L * *', 31 * DAY],
    ['0 9 * * 1#2', 35 * DAY],
  ])('%s: the longest time between two runs', (expr, gap) => {
    expect(largestCronGap(expr)).toBe(gap);
    expect(largestCronGap(expr)).toBe(reference(expr));
  });

  it('is undefined for an expression that does not parse, or that runs once in the span', () => {
    expect(largestCronGap('61 * * * *')).toBeUndefined();
    expect(largestCronGap('not a schedule')).toBeUndefined();
    // 29 February: the first run, in 2028, is already after the window.
    expect(largestCronGap('0 0 29 2 *')).toBeUndefined();
  });

  it('agrees with cron-parser on 300 generated schedules', () => {
    for (const expr of expressions(300)) expect([expr, largestCronGap(expr)]).toEqual([expr, reference(expr)]);
  });
});
