import { toDotted, type PathSegment } from './diagnostic.js';

/**
 * How findings quote what a user wrote. A value is quoted in full up to ECHO_LIMIT characters;
 * a longer one (a 1 MB key, say) shows its start, an ellipsis and its length, so that no message
 * grows with the input: `` `aaaa…` (1048576 characters) ``.
 */
export const ECHO_LIMIT = 64;

/** The first `limit` characters of `value`, not splitting a surrogate pair. */
function head(value: string, limit: number): string {
  const end = /[\uD800-\uDBFF]/.test(value[limit - 1] ?? '') ? limit - 1 : limit;
  return value.slice(0, end);
}

/** `value` in backticks (or `quote`), cut when long: `` `aaaa…` (1048576 characters) ``. */
export function quoted(value: string, quote = '`'): string {
  if (value.length <= ECHO_LIMIT) return `${quote}${value}${quote}`;
  return `${quote}${head(value, ECHO_LIMIT)}…${quote} (${value.length} characters)`;
}

/** `value` as a JSON string, cut when long: `"aaaa…" (1048576 characters)`. */
export function quotedJson(value: string): string {
  if (value.length <= ECHO_LIMIT) return JSON.stringify(value);
  return `${JSON.stringify(`${head(value, ECHO_LIMIT)}…`)} (${value.length} characters)`;
}

/** `value` cut when long, with an ellipsis and no length: for a part of a larger quote (a path's key). */
export function clipped(value: string): string {
  return value.length <= ECHO_LIMIT ? value : `${head(value, ECHO_LIMIT)}…`;
}

/** JSON of `value`, cut after about ECHO_LIMIT characters without serialising the rest (`{"a":[1,2…`). */
export function previewJson(value: unknown, limit = ECHO_LIMIT): string {
  let out = '';
  const walk = (x: unknown): void => {
    if (out.length > limit) return;
    if (Array.isArray(x)) {
      out += '[';
      for (let i = 0; i < x.length && out.length <= limit; i++) {
        if (i > 0) out += ',';
        walk(x[i]);
      }
      out += ']';
    } else if (typeof x === 'object' && x !== null) {
      out += '{';
      let first = true;
      for (const k of Object.keys(x)) {
        if (out.length > limit) break;
        out += `${first ? '' : ','}${JSON.stringify(clipped(k))}:`;
        first = false;
        walk((x as Record<string, unknown>)[k]);
      }
      out += '}';
    } else if (typeof x === 'string') out += JSON.stringify(clipped(x));
    else out += JSON.stringify(x) ?? String(x);
  };
  walk(value);
  return out.length > limit ? `${head(out, limit)}…` : out;
}

/** A path as messages show it (`spec.traffic[1].percent`), each long key cut. */
export function shownPath(path: readonly PathSegment[]): string {
  return toDotted(path.map((s) => (typeof s === 'string' ? clipped(s) : s)));
}

/** Longest quoted run a finding may hold, whoever built it; longer ones are cut by `clipEchoes`. */
const RUN_LIMIT = 256;
const LONG_BACKTICKED = new RegExp(`\`([^\`]{${RUN_LIMIT + 1},})\``, 'g');
const LONG_QUOTED = new RegExp(`"((?:[^"\\\\]|\\\\.){${RUN_LIMIT + 1},})"`, 'g');
/** Longest message or hint, as a last resort. */
const TEXT_LIMIT = 4096;

/**
 * The safety net under `quoted`: in a finding's message or hint, every backticked or double-quoted
 * run longer than RUN_LIMIT is cut like `quoted` cuts, and the whole text is cut at TEXT_LIMIT.
 * Linear in the text's length.
 */
export function clipEchoes(text: string): string {
  if (text.length <= RUN_LIMIT) return text;
  let out = text.replace(LONG_BACKTICKED, (_, run: string) => quoted(run));
  out = out.replace(LONG_QUOTED, (_, run: string) => `"${head(run, ECHO_LIMIT)}…" (${run.length} characters)`);
  return out.length <= TEXT_LIMIT ? out : `${head(out, TEXT_LIMIT)}… (${out.length} characters)`;
}
