import { canonicalJson } from './canonical.js';
import { toDotted, type PathSegment } from './diagnostic.js';

/** One field that changed: `spec.traffic[1].percent` from 10 to 50. Absent sides were absent. */
export interface FieldChange {
  /** Dotted path with bracketed indexes, e.g. `spec.traffic[1].percent`. */
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface DiffOptions {
  /**
   * `by-index` (the default) compares arrays element by element, as plan shows a traffic split;
   * `whole` reports a changed array as one field, as a reviewer reads a changed list.
   */
  arrays?: 'by-index' | 'whole';
  /** Where the two values sit: segments, or text already written (`versions[3.2.0]`). */
  at?: readonly PathSegment[] | string;
}

/**
 * Field-level differences between two JSON values, in key order: `spec.traffic[1].percent`
 * from 10 to 50. An added or removed element or key is one change with only `after` or only
 * `before`.
 */
export function diffValues(before: unknown, after: unknown, options: DiffOptions = {}): FieldChange[] {
  const out: FieldChange[] = [];
  const at = options.at ?? [];
  const walker = new Walker(options.arrays ?? 'by-index', typeof at === 'string' ? at : '', out);
  walker.walk(before, after, typeof at === 'string' ? [] : [...at]);
  return out;
}

/** Whether two JSON values are equal; the same object (an unchanged file parsed once) is not serialized. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

class Walker {
  constructor(
    private readonly arrays: 'by-index' | 'whole',
    private readonly prefix: string,
    private readonly out: FieldChange[],
  ) {}

  walk(a: unknown, b: unknown, path: PathSegment[]): void {
    if (a === b) return;
    if (this.arrays === 'by-index' && Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        path.push(i);
        if (i >= a.length) this.emit(path, undefined, b[i]);
        else if (i >= b.length) this.emit(path, a[i], undefined);
        else this.walk(a[i], b[i], path);
        path.pop();
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort()) {
        path.push(key);
        this.walk(a[key], b[key], path);
        path.pop();
      }
      return;
    }
    if (this.arrays === 'whole' && sameValue(a, b)) return;
    this.emit(path, a, b);
  }

  private emit(path: readonly PathSegment[], before: unknown, after: unknown): void {
    const change: FieldChange = { path: this.pathText(path) };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    this.out.push(change);
  }

  private pathText(path: readonly PathSegment[]): string {
    if (!this.prefix) return toDotted(path);
    if (path.length === 0) return this.prefix;
    const rest = toDotted(path);
    return rest.startsWith('[') ? this.prefix + rest : `${this.prefix}.${rest}`;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
