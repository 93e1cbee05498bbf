import { canonicalJson } from '../model/canonical.js';
import type { FieldChange } from '../model/diff.js';

export function sameValue(a: unknown, b: unknown): boolean {
  // Unchanged files are parsed once for both revisions (ParseCache): the same object, no serializing.
  return a === b || canonicalJson(a) === canonicalJson(b);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The leaf fields that differ between two documents, as dotted paths. Objects are walked; arrays
 * and scalars compare whole, which is how people read a list change in a review.
 */
export function diffFields(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (before === after) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const out: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort())
      out.push(...diffFields(before[key], after[key], prefix ? `${prefix}.${key}` : key));
    return out;
  }
  if (sameValue(before, after)) return [];
  const change: FieldChange = { path: prefix };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

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
