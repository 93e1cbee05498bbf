/**
 * Where each line of one text starts, indexed once: offsets to 1-based lines and columns (the
 * parser's errors), and line numbers to their text (code frames).
 */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  /** The 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** Line `n` (1-based) without its line break (`\n` or `\r\n`), or undefined. */
  line(n: number): string | undefined {
    if (n < 1) return undefined;
    const start = this.starts[n - 1];
    if (start === undefined) return undefined;
    const next = this.starts[n];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }
}
