/**
 * Longest word a did-you-mean is computed for. A typo of a field or resource name is short, and
 * comparing costs the word's length times each candidate's: a 1 MB unknown key must cost nothing.
 */
const MAX_WORD = 64;

/** The closest candidate to a misspelt word, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.trim().toLowerCase();
  if (w.length > MAX_WORD) return undefined;
  const list = [...candidates];
  // No candidate is accepted further away than this, so no distance beyond it needs computing.
  let cap = 0;
  for (const c of list) cap = Math.max(cap, allowedFor(w.length, c.length));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of list) {
    const bound = Math.min(cap, bestScore - 1);
    const lower = c.toLowerCase();
    if (Math.abs(w.length - lower.length) > bound) continue;
    const d = distance(w, lower, bound);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  return bestScore <= allowedFor(w.length, best.length) ? best : undefined;
}

const allowedFor = (a: number, b: number): number => Math.max(1, Math.floor(Math.max(a, b) / 3));

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), or `bound + 1`
 * as soon as it is known to exceed `bound`. Three rows, so memory is linear in `b`.
 */
function distance(a: string, b: string, bound: number): number {
  if (a === b) return 0;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // A row is at least the smaller of the row before and the one before that plus one (a
    // transposition): once two rows in a row exceed the bound, every later one does too.
    if (rowMin > bound && prevMin > bound) return bound + 1;
    prevMin = rowMin;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[b.length]!, bound + 1);
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c !== undefined && c !== word ? `did you mean \`${c}\`?` : undefined;
}
