/**
 * Values a pull request controls (file names, YAML values, messages that echo them) are printed
 * through these helpers, so nothing in them can start a new line of a CI log: a line beginning
 * `::warning` or `::stop-commands::` is a GitHub Actions workflow command (docs/security.md).
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const escapeControl = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A value on one line of human-readable output: `\n`, `\r`, `\t` and every other control
 * character (ANSI escapes included) shown as a visible escape (`\u001b`), never obeyed.
 */
export function inline(value: string): string {
  return value.replace(CONTROL, escapeControl);
}

/**
 * Replaces control characters (ANSI escapes included) with their visible Unicode pictures, one
 * character for one, so a hostile file cannot drive the terminal and carets stay aligned.
 * For code frames only; values elsewhere go through `inline`.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}

/**
 * A value inside markdown (a table cell, a list item, a summary): one line, pipes and backslashes
 * escaped so it stays in its cell, and `<` as an entity so it cannot open HTML
 * (`<details>`, `<img>`, a comment that hides the rest of the report).
 */
export function mdText(value: string): string {
  return inline(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

/** A value as inline code: one line, and a backtick in it cannot close the span. */
export function mdCode(value: string): string {
  return `\`${inline(value).replace(/`/g, "'")}\``;
}

/** A line inside a fenced code block: one line, and it cannot close the fence (a line of backticks). */
export function mdFenced(line: string): string {
  return inline(line).replace(/^(\s*)(`{3,}|~{3,})/, (_, space: string, fence: string) => `${space}\\${fence}`);
}
