import { CronExpressionParser } from 'cron-parser';

// A year covers every calendar shape (month lengths, weekdays).
const WINDOW_MS = 366 * 86_400_000;
const DAY_MS = 86_400_000;
// A fixed, timezone-free start keeps the answer the same on every machine and every day.
const START = Date.UTC(2026, 0, 1);
// The walk through cron-parser's iterator (only for `L` and `#` schedules) stops here: by then
// the gaps of any practical schedule have shown up.
const MAX_RUNS = 5000;
// Days looked at for the first run after the window: a 29 February schedule waits up to 4 years.
const MAX_DAYS = 366 * 9;

// Schedules repeat across environments; each distinct one is computed once.
const gaps = new Map<string, number | undefined>();
const MAX_CACHED = 10_000;

/**
 * The longest time, in milliseconds, between two consecutive runs of a five-field cron schedule
 * (UTC) over a year from 2026-01-01, up to the first run after it; undefined when the expression
 * does not parse (`invalid-cron` reports that) or runs at most once in that span.
 */
export function largestCronGap(expr: string): number | undefined {
  if (gaps.has(expr)) return gaps.get(expr);
  const gap = computeGap(expr.trim());
  if (gaps.size >= MAX_CACHED) gaps.clear();
  gaps.set(expr, gap);
  return gap;
}

type Fields = ReturnType<typeof CronExpressionParser.parse>['fields'];

function computeGap(expr: string): number | undefined {
  let fields: Fields;
  try {
    fields = CronExpressionParser.parse(expr, { currentDate: new Date(START), tz: 'UTC' }).fields;
  } catch {
    return undefined;
  }
  const special =
    expr.split(/\s+/).length !== 5 ||
    fields.dayOfMonth.hasLastChar ||
    fields.dayOfWeek.hasLastChar ||
    fields.dayOfWeek.nthDay > 0;
  return special ? walk(expr) : fromFields(fields);
}

/**
 * The gap from the expanded fields, day by day: the same runs, in the same order, as cron-parser's
 * iterator gives from START (strictly after it), without its per-run date arithmetic (the walk
 * costs about 30 µs a run; a year of a half-hourly schedule is 17,568 runs).
 */
function fromFields(fields: Fields): number | undefined {
  const minutes = numbers(fields.minute.values);
  const times = numbers(fields.hour.values)
    .flatMap((h) => minutes.map((m) => (h * 60 + m) * 60_000))
    .sort((a, b) => a - b);
  const months = new Set(numbers(fields.month.values));
  const days = new Set(numbers(fields.dayOfMonth.values));
  const weekdays = new Set(numbers(fields.dayOfWeek.values).map((d) => d % 7));
  const anyDay = fields.dayOfMonth.isWildcard;
  const anyWeekday = fields.dayOfWeek.isWildcard;
  // Vixie cron: with both day fields restricted, a day matching either runs.
  const runsOn = (date: Date): boolean => {
    if (!months.has(date.getUTCMonth() + 1)) return false;
    const dom = days.has(date.getUTCDate());
    const dow = weekdays.has(date.getUTCDay());
    if (anyDay && anyWeekday) return true;
    if (anyDay) return dow;
    if (anyWeekday) return dom;
    return dom || dow;
  };

  let previous: number | undefined;
  let largest = 0;
  for (let day = 0; day < MAX_DAYS; day++) {
    const midnight = START + day * DAY_MS;
    if (!runsOn(new Date(midnight))) continue;
    for (const time of times) {
      const run = midnight + time;
      if (run <= START) continue;
      if (previous !== undefined) largest = Math.max(largest, run - previous);
      previous = run;
      if (run - START > WINDOW_MS) return largest > 0 ? largest : undefined;
    }
  }
  return largest > 0 ? largest : undefined;
}

function numbers(values: ReadonlyArray<number | string>): number[] {
  return values.filter((v): v is number => typeof v === 'number');
}

/** Through cron-parser's iterator: for `L` (last day) and `#` (nth weekday) schedules. */
function walk(expr: string): number | undefined {
  const iterator = CronExpressionParser.parse(expr, { currentDate: new Date(START), tz: 'UTC' });
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
