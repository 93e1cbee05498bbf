import { UserError } from './errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `250ms`, `30s`, `5m`, `6h`, `2d` (design §3) in milliseconds; a usage error otherwise. */
export function parseDurationFlag(value: string, flag: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) throw new UserError(`${flag} ${JSON.stringify(value)} is not a duration`, { hint: 'use a number and a unit: 250ms, 30s, 5m, 6h or 2d' });
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
