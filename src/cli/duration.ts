import { parseDuration } from '../world/duration.js';
import { UserError } from '../model/errors.js';

/** `250ms`, `30s`, `5m`, `6h`, `2d` (README, "A tour of the kinds") in milliseconds; a usage error otherwise. */
export function parseDurationFlag(value: string, flag: string): number {
  const milliseconds = parseDuration(value.trim());
  if (milliseconds === undefined)
    throw new UserError(`${flag} ${JSON.stringify(value)} is not a duration`, {
      hint: 'use a number and a unit: 250ms, 30s, 5m, 6h or 2d',
    });
  return milliseconds;
}
