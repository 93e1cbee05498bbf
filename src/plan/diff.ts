import type { FieldChange } from '../state/store.js';
import { toDotted, type PathSegment } from '../validate/diagnostic.js';

/**
 * Field-level differences between two JSON values, deepest first: `spec.traffic[1].percent`
 * from 10 to 50. Arrays compare by index (a traffic split is ordered); an added or removed
 * element or key is one change with only `after` or only `before`.
 */
export function diffValues(before: unknown, after: unknown, path: PathSegment[] = []): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, path, out);
  return out;
}

function walk(a: unknown, b: unknown, path: PathSegment[], out: FieldChange[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      path.push(i);
      if (i >= a.length) out.push({ path: toDotted(path), after: b[i] });
      else if (i >= b.length) out.push({ path: toDotted(path), before: a[i] });
      else walk(a[i], b[i], path, out);
      path.pop();
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      const av = a[key];
      const bv = b[key];
      path.push(key);
      if (av === undefined && bv !== undefined) out.push({ path: toDotted(path), after: bv });
      else if (bv === undefined && av !== undefined) out.push({ path: toDotted(path), before: av });
      else walk(av, bv, path, out);
      path.pop();
    }
    return;
  }
  out.push({ path: toDotted(path), before: a, after: b });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
