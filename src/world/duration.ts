import ms from 'ms';

/**
 * Milliseconds of a Slipway duration (README, "A tour of the kinds": `250ms`, `30s`, `5m`, `6h`, `2d`); undefined when
 * it is not one. The one reading of durations: rules, gate checks and flags all use it.
 */
export function parseDuration(text: string | undefined): number | undefined {
  // `ms` alone would also take `1.5h` or `2 days`, which the kinds' schema refuses.
  if (text === undefined || !/^[0-9]+(ms|s|m|h|d)$/.test(text)) return undefined;
  const value = ms(text as ms.StringValue);
  return Number.isFinite(value) ? value : undefined;
}

/** `3d 4h`, `2h 5m`, `45s`: the two largest units, for people. */
export function formatElapsed(milliseconds: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  let rest = Math.max(0, Math.floor(milliseconds));
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((p, i) => i === 0 || !p.startsWith('0'));
  return shown.length === 0 ? '0s' : shown.join(' ');
}
