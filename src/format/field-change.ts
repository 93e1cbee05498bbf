import type { FieldChange } from '../model/diff.js';

/** A value for one line of a report: strings as they are, the rest as JSON, cut at `max`. */
function shortValue(value: unknown, max = 60): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A value before and after, each cut at `max`; where cutting would hide the difference (two
 * digests differing near their end), each keeps its first characters and the part that differs:
 * `sha256:…0101010101010101` → `sha256:…01010101010101ab`.
 */
export function shortPair(before: unknown, after: unknown, max = 60): [string, string] {
  const b = shortValue(before, max);
  const a = shortValue(after, max);
  if (b !== a || typeof before !== 'string' || typeof after !== 'string' || before === after) return [b, a];
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  const head = Math.min(7, Math.floor(max / 3));
  const window = max - head - 2;
  const around = (s: string): string => {
    const start = Math.max(head, Math.min(p - 4, s.length - window));
    return `${s.slice(0, head)}…${s.slice(start, start + window)}${start + window < s.length ? '…' : ''}`;
  };
  return [around(before), around(after)];
}

/** `promotion.soak: 24h → 1h`, for reports. */
export function describeField(change: FieldChange, max = 60): string {
  const [before, after] = shortPair(change.before, change.after, max);
  return `${change.path || '(document)'}: ${before} → ${after}`;
}
