import { z } from 'zod';
import { promote } from '../../app/promote.js';
import { UserError } from '../../model/errors.js';
import { RESULT_EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import type { PromoteOptions } from '../options.js';
import { deliveryOptions, deliveryPorts, printPromotionResult } from '../promotion.js';

/** `--canary PCT`: a whole percent strictly between 0 and 100 (100% is a full rollout). */
export const CanaryPercent = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 99, 'must be between 1 and 99');

export function parseCanary(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = CanaryPercent.safeParse(raw.trim());
  if (!parsed.success)
    throw new UserError(`--canary ${raw}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      hint: 'give the percent of traffic for the new version, e.g. --canary 10; omit --canary for a full rollout',
    });
  return parsed.data;
}

/** `fraud-detector@4.0.0` → model and version. */
export function parseTarget(raw: string | undefined): { model: string; version: string } {
  const at = raw?.lastIndexOf('@') ?? -1;
  const model = raw?.slice(0, at).trim() ?? '';
  const version = raw?.slice(at + 1).trim() ?? '';
  if (at <= 0 || model === '' || version === '')
    throw new UserError(`expected MODEL@VERSION, got \`${raw ?? ''}\``, {
      hint: 'e.g. slipway promote fraud-detector@4.0.0 --to prod',
    });
  return { model, version };
}

export async function execute(options: PromoteOptions, args: string[], io: CliIO): Promise<number> {
  const { model, version } = parseTarget(args[0]);
  const canary = parseCanary(options.canary);
  const result = await promote(
    {
      model,
      version,
      env: options.to,
      ...(canary !== undefined ? { canary } : {}),
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
    },
    deliveryOptions(options, io),
    deliveryPorts(io),
  );
  printPromotionResult(result, io);
  return RESULT_EXIT.promote[result.kind];
}
