import { CronExpressionParser } from 'cron-parser';

// A year covers every calendar shape (month lengths, weekdays); the run cap keeps a once-a-minute
// schedule cheap: by then the gaps of any practical schedule have shown up.
const WINDOW_MS = 366 * 86_400_000;
const MAX_RUNS = 5000;
// A fixed, timezone-free start keeps the answer the same on every machine and every day.
const START = Date.UTC(2026, 0, 1);

// Schedules repeat across environments; each distinct one is walked once.
const gaps = new Map<string, number | undefined>();
const MAX_CACHED = 10_000;

/**
 * The longest time, in milliseconds, between two consecutive runs of a five-field cron schedule
 * (UTC) over a year; undefined when the expression does not parse (`invalid-cron` reports that).
 */
export function largestCronGap(expr: string): number | undefined {
  if (gaps.has(expr)) return gaps.get(expr);
  const gap = walk(expr);
  if (gaps.size >= MAX_CACHED) gaps.clear();
  gaps.set(expr, gap);
  return gap;
}

function walk(expr: string): number | undefined {
  let iterator;
  try {
    iterator = CronExpressionParser.parse(expr.trim(), { currentDate: new Date(START), tz: 'UTC' });
  } catch {
    return undefined;
  }
  let previous: number | undefined;
  let largest = 0;
  for (let i = 0; i < MAX_RUNS; i++) {
    const next = iterator.next().getTime();
    if (previous !== undefined) largest = Math.max(largest, next - previous);
    previous = next;
    if (next - START > WINDOW_MS) break;
  }
  return largest > 0 ? largest : undefined;
}
