import type { FieldChange } from '../model/diff.js';

/** A value for one line of a report: strings as they are, the rest as JSON, cut at `max`. */
export function shortValue(value: unknown, max = 60): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `promotion.soak: 24h → 1h`, for reports. */
export function describeField(change: FieldChange, max = 60): string {
  return `${change.path || '(document)'}: ${shortValue(change.before, max)} → ${shortValue(change.after, max)}`;
}
